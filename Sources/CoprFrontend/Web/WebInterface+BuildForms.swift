import CoprCore
import Hummingbird

/// The build page's forms: cancel (while the build runs), resubmit, and delete (once it
/// has ended), each shown to a signed-in reader the same rules allow as in the APIs, and
/// each running the user API's own action:
///
/// | Route under the build's page (`…/build/<id>/`) | Then |
/// |---|---|
/// | `POST cancel` | back to the build's page, its cancel requested |
/// | `POST resubmit` | to the new build's page |
/// | `POST delete` | to the project's page |
///
/// Each post carries its session's `csrf_token` (403 page otherwise, and nothing done); a
/// reader the rules refuse gets the 403 page, an action that conflicts (deleting a build
/// that runs, cancelling one that ended) the 409 page.
extension WebInterface {
    /// A form the build page offers.
    enum BuildForm: String, CaseIterable, Sendable {
        case cancel, resubmit, delete

        /// What the rules must allow the reader, as for the API's action.
        var action: ProjectAction {
            switch self {
            case .cancel: .cancelBuild
            case .resubmit: .submitBuild
            case .delete: .deleteBuild
            }
        }

        /// Whether the form fits the build's state.
        func fits(_ overview: BuildOverview) -> Bool {
            switch self {
            case .cancel: !overview.hasEnded
            case .resubmit: true
            case .delete: overview.hasEnded
            }
        }
    }

    struct BuildFormPost: Decodable {
        var csrf_token: String?
    }

    func registerBuildForms(on routes: RouteCollection<FrontendRequestContext>) {
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            for form in BuildForm.allCases {
                routes.post(RouterPath("\(prefix)/:project/build/:id/\(form.rawValue)")) { request, context in
                    try await page(request, context) { try await post(form, request, context) }
                }
            }
        }
    }

    /// The forms of `overview`'s page its reader may use, in the order shown.
    func buildForms(_ overview: BuildOverview, _ reader: PageReader, _ context: FrontendRequestContext) async throws
        -> [BuildView.Form]
    {
        guard let csrfToken = reader.csrfToken, context.identity != nil else { return [] }
        var forms: [BuildView.Form] = []
        for form in BuildForm.allCases where form.fits(overview) {
            guard try await may(form.action, overview.project, context) else { continue }
            forms.append(BuildView.Form(
                label: form.rawValue.prefix(1).uppercased() + form.rawValue.dropFirst(), url: WebPath.build(overview) + form.rawValue,
                csrfToken: csrfToken))
        }
        return forms
    }

    /// Checks the CSRF token, runs the user API's action, and sends the reader on with a notice.
    private func post(_ form: BuildForm, _ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let fields = try? await URLEncodedFormDecoder().decode(BuildFormPost.self, from: request, context: context)
        try WebSessions.checkCSRF(fields?.csrf_token, context)
        let id = try Self.buildID(context)
        let overview = try await store.build(id: id)
        guard overview.project.owner == (try Self.owner(context)), overview.project.name == (try Self.parameter("project", context)) else {
            throw FrontendStoreError.buildNotFound(id)
        }
        let next: String
        do {
            switch form {
            case .cancel: next = WebPath.build(try await actions.cancel(buildID: id, context))
            case .resubmit: next = WebPath.build(try await actions.resubmitted(buildID: id, context))
            case .delete: next = WebPath.project(try await actions.delete(buildID: id, context).project)
            }
        } catch {
            throw Self.refusal(error)
        }
        return Response(status: .seeOther, headers: [.location: WebPath.withQuery(next, [("done", form.rawValue)])])
    }
}
