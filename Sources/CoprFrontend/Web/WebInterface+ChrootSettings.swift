import CoprCore
import Foundation
import Hummingbird

/// The settings page of one chroot of a project (Copr's "edit chroot"), linked from the
/// project's settings page, for a signed-in reader the rules let edit the project; a post
/// runs the user API's own `editChroot`, so the web applies the APIs' checks and
/// permission rules:
///
/// | Route under the project's page (`…/<project>/`) | Then |
/// |---|---|
/// | `GET edit_chroot/<chroot>/` | the form; an anonymous reader is sent to the sign-in, another reader gets the 403 page, a chroot the project does not have the 404 page |
/// | `POST edit_chroot/<chroot>/` (`csrf_token`, the settings) | back to the form with a notice; a bad value shows the form again at that field (400), nothing stored |
///
/// A post without its session's `csrf_token` is the 403 page, and nothing changes.
extension WebInterface {
    func registerChrootSettingsForm(on routes: RouteCollection<FrontendRequestContext>) {
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            routes.get(RouterPath("\(prefix)/:project/edit_chroot/:chroot")) { request, context in
                try await page(request, context) {
                    guard context.identity != nil else { return Self.signInFirst(request) }
                    let (project, chroot, settings) = try await editableChroot(request, context)
                    return chrootSettingsPage(project, chroot, ChrootSettingsForm(settings), request, context)
                }
            }
            routes.post(RouterPath("\(prefix)/:project/edit_chroot/:chroot")) { request, context in
                try await page(request, context) { try await saveChrootSettings(request, context) }
            }
        }
    }

    /// The project and chroot of the route, with the chroot's settings, once the reader
    /// may edit the project.
    /// - Throws: ``WebFormRefused``: 403 for a reader the rules refuse, 404 for a chroot
    ///   the project does not have.
    private func editableChroot(
        _ request: Request, _ context: FrontendRequestContext
    ) async throws -> (Project, String, ChrootSettings) {
        let project = try await editableProject(request, context)
        let chroot = try Self.parameter("chroot", context)
        do {
            return (project, chroot, try await UserAPI.chrootSettings(store, owner: project.owner, name: project.name, chroot: chroot).1)
        } catch {
            throw Self.refusal(error)
        }
    }

    private func chrootSettingsPage(
        _ project: Project, _ chroot: String, _ form: ChrootSettingsForm, _ request: Request, _ context: FrontendRequestContext,
        problem: InvalidField? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let view = ChrootSettingsView(project: project, chroot: chroot, form: form, csrfToken: WebSessions.csrfToken(context), problem: problem)
        return renderer.response(
            "chroot-settings", title: "Settings of \(chroot) in \(project.fullName)", section: .projects, reader: PageReader(request, context),
            content: view, status: status)
    }

    /// Checks the CSRF token, then applies the posted settings through the user API's
    /// `editChroot`; a value it refuses shows the form again at that field.
    private func saveChrootSettings(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let body = try await WebFormBody.read(request)
        try WebSessions.checkCSRF(body[CSRFToken.field], context)
        let (project, chroot, settings) = try await editableChroot(request, context)
        let current = ChrootSettingsForm(settings)
        let posted = ChrootSettingsForm(posted: body, over: current)
        do {
            _ = try await actions.editChroot(owner: project.owner, name: project.name, chroot: chroot, try posted.changes(from: current), context)
        } catch let problem as InvalidField {
            return chrootSettingsPage(project, chroot, posted, request, context, problem: problem, status: .badRequest)
        } catch {
            throw Self.refusal(error)
        }
        return Response(
            status: .seeOther,
            headers: [.location: WebPath.withQuery(WebPath.chrootSettings(project, chroot: chroot), [("done", "chroot-settings")])])
    }
}
