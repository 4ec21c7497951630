import CoprCore
import Hummingbird

/// `GET` and `PUT /api/projects/<owner>/<name>/permissions`: who was granted `admin` and
/// `builder` on a project. Anyone may read them; the owner, the project's admins and site
/// admins may change them.
extension UserAPI {
    func registerPermissions(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store
        routes.get("projects/:owner/:name/permissions") { _, context in
            let (owner, name) = try Self.project(context)
            return Self.json(Self.permissionList(try await store.permissions(owner: owner, project: name)))
        }
        routes.put("projects/:owner/:name/permissions") { request, context in
            let (owner, name) = try Self.project(context)
            let fields = try RequestFields(try await Self.body(of: request), name: "body", known: ["user", "admin", "builder"])
            let user = try TaskRules.user(try fields.requiredString("user"), field: "user")
            let permission = ProjectPermission(admin: try fields.bool("admin") ?? false, builder: try fields.bool("builder") ?? false)
            _ = try await store.project(owner: owner, name: name)
            try await authorized(.managePermissions, context, owner: owner, project: name)
            try await store.setPermission(permission, of: user, owner: owner, project: name)
            return Self.json(Self.permissionList(try await store.permissions(owner: owner, project: name)))
        }
    }

    /// `[{"user", "admin", "builder"}]`, by user.
    private static func permissionList(_ entries: [(login: String, permission: ProjectPermission)]) -> JSONValue {
        .array(entries.map { entry in
            ["user": .string(entry.login), "admin": .bool(entry.permission.admin), "builder": .bool(entry.permission.builder)]
        })
    }
}
