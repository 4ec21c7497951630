import Hummingbird

/// copr-cli's `new-webhook-secret` (python-copr's `webhook_proxy.generate`): a project's
/// editors replace its webhook secret, so that the old webhook URLs stop working.
///
/// | Route under `/api_3/` | Answer |
/// |---|---|
/// | `POST webhook/generate/<owner>/<project>` | `{"id", "name", "ownername", "full_name", "webhook_secret"}` |
extension APIv3 {
    func registerWebhooks(on routes: RouteCollection<FrontendRequestContext>) {
        let actions = self.actions
        routes.post("webhook/generate/:owner/:project") { _, context in
            let (owner, name) = try Self.project(context)
            let project = try await actions.newWebhookSecret(owner: owner, name: name, context)
            return Self.json([
                "id": .int(project.id), "name": .string(project.name), "ownername": .string(project.owner),
                "full_name": .string(project.fullName), "webhook_secret": .string(project.webhookSecret),
            ])
        }
    }
}
