import CoprCore
import Foundation
import Hummingbird

/// A project's settings page and its forms, for a signed-in reader the rules let edit
/// the project (the project page links it to them only); each post runs the user API's
/// own edit or delete, so the web applies the APIs' checks and permission rules:
///
/// | Route under the project's page (`…/<project>/`) | Then |
/// |---|---|
/// | `GET edit/` | the form; an anonymous reader is sent to the sign-in, another reader gets the 403 page |
/// | `POST edit/` (`csrf_token`, the settings) | back to the form with a notice; a bad value shows the form again at that field (400), nothing stored |
/// | `POST delete/` (`csrf_token`, `confirm`: the project's name) | to the projects list with a notice; without the name the form again (400), while a build runs the form with why (409) |
///
/// The page links each chroot's own settings page (``registerChrootSettingsForm(on:)``).
/// A post without its session's `csrf_token` is the 403 page, and nothing changes.
extension WebInterface {
    func registerSettingsForms(on routes: RouteCollection<FrontendRequestContext>) {
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            routes.get(RouterPath("\(prefix)/:project/edit")) { request, context in
                try await page(request, context) {
                    guard context.identity != nil else { return Self.signInFirst(request) }
                    let project = try await editableProject(request, context)
                    return try await settingsPage(project, SettingsForm(project, now: store.clock()), request, context)
                }
            }
            routes.post(RouterPath("\(prefix)/:project/edit")) { request, context in
                try await page(request, context) { try await saveSettings(request, context) }
            }
            routes.post(RouterPath("\(prefix)/:project/delete")) { request, context in
                try await page(request, context) { try await deleteProject(request, context) }
            }
        }
    }

    /// The sign-in page, which comes back to the page of `request`: where a form sends an
    /// anonymous reader.
    static func signInFirst(_ request: Request) -> Response {
        Response(status: .found, headers: [.location: WebPath.withQuery("/login", [("next", request.uri.path)])])
    }

    /// The project of the route once its reader may edit it.
    /// - Throws: ``WebFormRefused`` (403) for a reader the rules refuse.
    func editableProject(_ request: Request, _ context: FrontendRequestContext) async throws -> Project {
        let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
        guard try await may(.edit, project, context) else {
            throw WebFormRefused(.forbidden, context.identity == nil
                ? "Sign in to change the settings of \(project.fullName)."
                : "\(context.identity?.login ?? "") may not change the settings of \(project.fullName).")
        }
        return project
    }

    private func settingsPage(
        _ project: Project, _ form: SettingsForm, _ request: Request, _ context: FrontendRequestContext, problem: InvalidField? = nil,
        deleteError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let reader = PageReader(request, context)
        let view = SettingsView(
            project: project, form: form, offer: offeredChroots,
            csrfToken: WebSessions.csrfToken(context), offersSigning: actions.signerConfigured, mayDelete: try await may(.delete, project, context),
            problem: problem,
            deleteError: deleteError)
        return renderer.response(
            "settings", title: "Settings of \(project.fullName)", section: .projects, reader: reader, content: view, status: status)
    }

    /// Checks the CSRF token, then applies the posted settings through the user API's edit;
    /// a value it refuses shows the form again at that field.
    private func saveSettings(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let body = try await WebFormBody.read(request)
        try WebSessions.checkCSRF(body[CSRFToken.field], context)
        let project = try await editableProject(request, context)
        let current = SettingsForm(project, now: store.clock())
        let posted = SettingsForm(posted: body, over: current, offersSigning: actions.signerConfigured)
        do {
            _ = try await actions.editProject(owner: project.owner, name: project.name, try posted.changes(from: current), context)
        } catch let problem as InvalidField {
            return try await settingsPage(project, posted, request, context, problem: problem, status: .badRequest)
        } catch {
            throw Self.refusal(error)
        }
        return Response(status: .seeOther, headers: [.location: WebPath.withQuery(WebPath.settings(project), [("done", "settings")])])
    }

    /// Checks the CSRF token and the typed name, then deletes the project through the
    /// user API; while a build runs, the form again says so.
    private func deleteProject(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let body = try await WebFormBody.read(request)
        try WebSessions.checkCSRF(body[CSRFToken.field], context)
        let project = try await editableProject(request, context)
        let form = SettingsForm(project, now: store.clock())
        guard body["confirm"]?.trimmingCharacters(in: .whitespaces) == project.name else {
            return try await settingsPage(
                project, form, request, context, deleteError: "Type the project's name, \(project.name), to confirm the delete.",
                status: .badRequest)
        }
        do {
            _ = try await actions.deleteProject(owner: project.owner, name: project.name, context)
        } catch let running as ProjectBuildsNotEnded {
            return try await settingsPage(project, form, request, context, deleteError: running.description, status: .conflict)
        } catch {
            throw Self.refusal(error)
        }
        return Response(status: .seeOther, headers: [.location: WebPath.withQuery(WebPath.projects, [("done", "delete-project")])])
    }

    /// The refusal page of an error of the user API's actions; other errors as they are.
    static func refusal(_ error: any Error) -> any Error {
        guard let refused = UserAPIError(error) else { return error }
        // Not signed in is refused as any other reader the rules refuse.
        return WebFormRefused(refused.status == .unauthorized ? .forbidden : refused.status, refused.message)
    }
}

extension SettingsForm {
    /// The form showing `project`'s settings at `now`.
    init(_ project: Project, now: Double) {
        self.init(settings: project.settings, chroots: project.chroots, signing: project.signingEnabled, now: now)
    }
}
