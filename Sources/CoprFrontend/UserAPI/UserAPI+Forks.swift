import CoprCore
import Hummingbird

/// Forking a project through the user API, and the fork action itself, which Copr's API v3
/// shares.
///
/// | Route under `/api/` | Answer |
/// |---|---|
/// | `POST projects/<owner>/<name>/fork` with `{"owner", "name", "confirm"}` (each optional) | `{"project", "created", "forked_builds": [{"id", "forked_from"}], "action"}`, 201 for a new project |
extension UserAPI {
    func registerForkRoutes(on routes: RouteCollection<FrontendRequestContext>) {
        routes.post("projects/:owner/:name/fork") { request, context in
            let (owner, name) = try Self.project(context)
            let fields = try RequestFields(try await Self.body(of: request), name: "body", known: ["owner", "name", "confirm"])
            let fork = try await forkProject(
                ForkRequest(
                    sourceOwner: owner, sourceName: name, owner: try fields.string("owner") ?? context.identity?.login ?? "",
                    name: try fields.string("name") ?? name, confirm: try fields.bool("confirm") ?? false),
                context)
            let builds = fork.builds.map { JSONValue.object(["id": .int($0.id), "forked_from": .int($0.forkedFrom)]) }
            let project = try await projectRecord(fork.project, context)
            return Self.json(
                ["project": project, "created": .bool(fork.created), "forked_builds": .array(builds), "action": .int(fork.actionID)],
                status: fork.created ? .created : .ok)
        }
    }

    /// Forks a project once the source exists and the requester may create projects of
    /// the fork's owner (their own, or a group's they are a member of), as Copr lets them
    /// fork; the builds are copied by the backend in the background.
    func forkProject(_ request: ForkRequest, _ context: FrontendRequestContext) async throws -> ProjectFork {
        _ = try await store.project(owner: request.sourceOwner, name: request.sourceName)
        guard context.identity != nil else { throw AccessRefused.unauthenticated(.create, project: request.fullName) }
        let request = try request.checked()
        try await authorized(.create, context, owner: request.owner, project: request.name)
        return try await resultsActions.fork(request)
    }
}
