import CoprCore
import Hummingbird

/// The project writes of Copr's API v3 (copr-cli `create`, `modify`, `delete`, `fork`,
/// `regenerate-repos`, `edit-chroot`), each
/// through the user API's action for it, so that it is authorized and checked as there.
/// Copr answers each with the project (200), a deleted one as it was.
///
/// | Route under `/api_3/` | Body |
/// |---|---|
/// | `POST project/add/<owner>[?exist_ok=True]` | `{"name", "chroots", ...}` (``APIv3Requests``) |
/// | `PUT` (or `POST`) `project/edit/<owner>/<project>` | `{"chroots", ...}` |
/// | `DELETE` (or `POST`) `project/delete/<owner>/<project>` | ignored (`{"verify": true}`) |
/// | `POST` (or `PUT`) `project/fork/<owner>/<project>` | `{"name", "ownername", "confirm"}`: the fork (``UserAPI/forkProject(_:_:)``) |
/// | `PUT` (or `POST`) `project/regenerate-repos/<owner>/<project>` | none (copr-cli `regenerate-repos`) |
/// | `PUT` (or `POST`) `project-chroot/edit/<owner>/<project>/<chroot>` | multipart, part `json` (copr-cli `edit-chroot`); answers the chroot |
extension APIv3 {
    func registerProjectWrites(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store, records = self.records, actions = self.actions
        routes.post("project/add/:owner") { request, context in
            let owner = try TaskRules.owner(try Self.parameter("owner", context), field: "ownername")
            let new = try APIv3Requests.newProject(try await UserAPI.body(of: request), owner: owner)
            // As Copr, exist_ok answers an existing project instead of refusing it.
            if request.uri.queryParameters.get("exist_ok") == "True", let existing = try? await store.project(owner: owner, name: new.name) {
                return Self.json(records.project(existing))
            }
            return Self.json(records.project(try await actions.createProject(new, context)))
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("project/edit/:owner/:project", method: method) { request, context in
                let (owner, name) = try Self.project(context)
                let changes = try APIv3Requests.projectChanges(try await UserAPI.body(of: request))
                return Self.json(records.project(try await actions.editProject(owner: owner, name: name, changes, context)))
            }
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("project/regenerate-repos/:owner/:project", method: method) { _, context in
                let (owner, name) = try Self.project(context)
                return Self.json(records.project(try await actions.regenerateRepositories(owner: owner, name: name, context)))
            }
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("project-chroot/edit/:owner/:project/:chroot", method: method) { request, context in
                let (owner, name) = try Self.project(context)
                let chroot = try Chroot(try Self.parameter("chroot", context), field: "chrootname").name
                _ = try await UserAPI.chrootSettings(store, owner: owner, name: name, chroot: chroot)
                let changes = try APIv3Requests.chrootChanges(try await MultipartUpload.fields(of: request, uploads: actions.uploads))
                let (project, settings) = try await actions.editChroot(owner: owner, name: name, chroot: chroot, changes, context)
                return Self.json(records.projectChroot(chroot, settings, of: project))
            }
        }
        for method in [HTTPRequest.Method.post, .put] {
            routes.on("project/fork/:owner/:project", method: method) { request, context in
                let (owner, name) = try Self.project(context)
                let fork = try APIv3Requests.fork(
                    try await UserAPI.body(of: request), sourceOwner: owner, sourceName: name, requester: context.identity?.login)
                return Self.json(records.project(try await actions.forkProject(fork, context).project))
            }
        }
        for method in [HTTPRequest.Method.delete, .post] {
            routes.on("project/delete/:owner/:project", method: method) { _, context in
                let (owner, name) = try Self.project(context)
                return Self.json(records.project(try await actions.deleteProject(owner: owner, name: name, context)))
            }
        }
    }

    /// The project named in the path, both names checked.
    static func project(_ context: FrontendRequestContext) throws -> (owner: String, name: String) {
        let owner = try TaskRules.owner(try parameter("owner", context), field: "ownername")
        return (owner, try TaskRules.projectName(try parameter("project", context), field: "projectname"))
    }
}
