import CoprCore
import Hummingbird

/// The forms that make a project, for a signed-in reader; each post runs the user API's
/// own create or fork, so the web applies the APIs' checks and permission rules:
///
/// | Route | Then |
/// |---|---|
/// | `GET /coprs/new/` | the "New project" form; an anonymous reader is sent to the sign-in |
/// | `POST /coprs/new/` (`csrf_token`, `owner`, `name`, `description`, `instructions`, `chroots`, `signing`) | to the new project's page with a notice; a bad value shows the form again at that field (400), a taken name too (409), nothing stored |
/// | `GET …/<project>/fork/` | the "Fork" form of the project |
/// | `POST …/<project>/fork/` (`csrf_token`, `owner`, `name`, `confirm`) | to the fork's page with a notice; a bad value, or an existing fork without `confirm`, shows the form again at that field (400) |
///
/// The owner is chosen among the reader and their groups; a posted owner the reader may
/// not make projects for is the 403 page, as is a post without its session's `csrf_token`.
extension WebInterface {
    func registerProjectCreationForms(on routes: RouteCollection<FrontendRequestContext>) {
        routes.get("coprs/new") { request, context in
            try await page(request, context) {
                guard let account = context.identity else { return Self.signInFirst(request) }
                return newProjectPage(ProjectCreationForm(owner: account.login, signs: actions.signerConfigured), request, context)
            }
        }
        routes.post("coprs/new") { request, context in
            try await page(request, context) { try await createProject(request, context) }
        }
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            routes.get(RouterPath("\(prefix)/:project/fork")) { request, context in
                try await page(request, context) {
                    let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
                    guard let account = context.identity else { return Self.signInFirst(request) }
                    return forkPage(project, ProjectCreationForm(owner: account.login, name: project.name), request, context)
                }
            }
            routes.post(RouterPath("\(prefix)/:project/fork")) { request, context in
                try await page(request, context) { try await forkProject(request, context) }
            }
        }
    }

    /// Checks the CSRF token, then creates the posted project through the user API; a
    /// value it refuses, or a name taken, shows the form again at that field.
    private func createProject(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let body = try await WebFormBody.read(request)
        try WebSessions.checkCSRF(body[CSRFToken.field], context)
        let form = ProjectCreationForm(posted: body)
        let project: Project
        do {
            project = try await actions.createProject(form.newProject, context)
        } catch let problem as InvalidField {
            return newProjectPage(form, request, context, problem: ProjectCreationForm.problem(problem), status: .badRequest)
        } catch FrontendStoreError.projectExists(let owner, let name) {
            let taken = InvalidField(field: ProjectCreationForm.Field.name.rawValue, reason: "\(owner)/\(name) exists already; choose another name")
            return newProjectPage(form, request, context, problem: taken, status: .conflict)
        } catch {
            throw Self.refusal(error)
        }
        return Response(status: .seeOther, headers: [.location: WebPath.withQuery(WebPath.project(project), [("done", "create-project")])])
    }

    /// Checks the CSRF token, then forks the route's project through the user API; a value
    /// it refuses shows the form again at that field.
    private func forkProject(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let body = try await WebFormBody.read(request)
        try WebSessions.checkCSRF(body[CSRFToken.field], context)
        let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
        let form = ProjectCreationForm(posted: body)
        let fork: ProjectFork
        do {
            fork = try await actions.forkProject(form.fork(of: project), context)
        } catch let problem as InvalidField {
            return forkPage(project, form, request, context, problem: problem, status: .badRequest)
        } catch {
            throw Self.refusal(error)
        }
        return Response(status: .seeOther, headers: [.location: WebPath.withQuery(WebPath.project(fork.project), [("done", "fork")])])
    }

    private func newProjectPage(
        _ form: ProjectCreationForm, _ request: Request, _ context: FrontendRequestContext, problem: InvalidField? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let view = ProjectCreationView.newProject(
            form, owners: Self.owners(of: context.identity), offer: offeredChroots, offersSigning: actions.signerConfigured,
            csrfToken: WebSessions.csrfToken(context), problem: problem)
        return renderer.response(
            "project-creation", title: "New project", section: .projects, reader: PageReader(request, context), content: view, status: status)
    }

    private func forkPage(
        _ project: Project, _ form: ProjectCreationForm, _ request: Request, _ context: FrontendRequestContext, problem: InvalidField? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let view = ProjectCreationView.fork(
            of: project, form, owners: Self.owners(of: context.identity), csrfToken: WebSessions.csrfToken(context), problem: problem)
        return renderer.response(
            "project-creation", title: "Fork \(project.fullName)", section: .projects, reader: PageReader(request, context), content: view,
            status: status)
    }

    /// Whom `account` makes projects for: itself, then its groups (`@group`) by name.
    static func owners(of account: Account?) -> [String] {
        guard let account else { return [] }
        return [account.login] + account.groups.sorted().map { "@" + $0 }
    }
}
