import CoprCore
import Hummingbird

/// The permission routes of Copr's API v3, as copr-cli's `list-permissions`,
/// `edit-permissions` and `request-permissions` and python-copr's `project_proxy` use
/// them. Roles are `admin` and `builder`, each `nothing`, `request` (asked for, granting
/// nothing yet) or `approved` (``ProjectRoles``). As in Copr, the owner, the project's
/// admins and site admins read and set them; anyone signed in asks for a role or gives
/// one up; a change to several users is made for all or for none.
///
/// | Route under `/api_3/project/permissions/` | Body | Answer |
/// |---|---|---|
/// | `GET get/<owner>/<project>` | | `{"permissions": {user: {"admin": state, "builder": state}}}`, 404 when there are none |
/// | `PUT` (or `POST`) `set/<owner>/<project>` | `{user: {"admin"\|"builder": state}}` | `{"updated": [user, ...]}` |
/// | `PUT` (or `POST`) `request/<owner>/<project>` | `{"admin"\|"builder": true\|false}` | `{"updated": true\|false}` |
/// | `GET can_build_in/<user>/<owner>/<project>` | | `{"who", "ownername", "projectname", "can_build_in"}` |
extension APIv3 {
    func registerPermissions(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store
        routes.get("project/permissions/get/:owner/:project") { _, context in
            let project = try await editableProject(context)
            let entries = try await store.roles(owner: project.owner, project: project.name)
            guard !entries.isEmpty else { throw UserAPIError(.notFound, "No permissions set on \(project.fullName) project") }
            var permissions: [String: JSONValue] = [:]
            for entry in entries {
                permissions[entry.login] = [
                    "admin": .string(entry.roles.admin.rawValue), "builder": .string(entry.roles.builder.rawValue),
                ]
            }
            return Self.json(["permissions": .object(permissions)])
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("project/permissions/set/:owner/:project", method: method) { request, context in
                let project = try await editableProject(context)
                let changes = try Self.permissionChanges(try await UserAPI.body(of: request))
                let updated = try await store.changeRoles(of: changes.keys.sorted(), owner: project.owner, project: project.name) { login, old in
                    try old.setting(changes[login] ?? [:])
                }
                return Self.json(["updated": .array(updated.map(JSONValue.string))])
            }
            routes.on("project/permissions/request/:owner/:project", method: method) { request, context in
                let wanted = try Self.nonEmptyObject(
                    try await UserAPI.body(of: request), expected: #"{"admin": true, "builder": false}"#, empty: "no permission requested")
                let (owner, name) = try Self.project(context)
                let project = try await store.project(owner: owner, name: name)
                let account = try await actions.authorized(.requestPermissions, context, owner: owner, project: name)
                let updated = try await store.changeRoles(of: [account.login], owner: owner, project: name) { _, old in
                    try old.requesting(wanted, project: project.fullName)
                }
                return Self.json(["updated": .bool(!updated.isEmpty)])
            }
        }
        routes.get("project/permissions/can_build_in/:who/:owner/:project") { _, context in
            let who = try TaskRules.user(try Self.parameter("who", context), field: "who")
            let (owner, name) = try Self.project(context)
            let project = try await store.project(owner: owner, name: name)
            let account = try await store.account(who)
            let permission = try await store.permission(of: who, owner: owner, project: name)
            let verdict = AccessRule.decide(.submitBuild, by: account, owner: owner, project: name, permission: permission)
            return Self.json([
                "who": .string(who), "ownername": .string(project.owner), "projectname": .string(project.name),
                "can_build_in": .bool(verdict == .allowed),
            ])
        }
    }

    /// The project in the path once the requester may manage its permissions (Copr lets
    /// only them read the permissions, too).
    private func editableProject(_ context: FrontendRequestContext) async throws -> Project {
        guard context.identity != nil else { throw UserAPIError(.unauthorized, Self.loginMissing) }
        let (owner, name) = try Self.project(context)
        let project = try await store.project(owner: owner, name: name)
        try await actions.authorized(.managePermissions, context, owner: owner, project: name)
        return project
    }

    /// `{user: {"admin"|"builder": state}}`, each user's name checked.
    private static func permissionChanges(_ body: JSONValue) throws -> [String: [String: JSONValue]] {
        let expected = #"{"username": {"admin": "nothing", "builder": "request"}}"#
        var changes: [String: [String: JSONValue]] = [:]
        for (login, states) in try nonEmptyObject(body, expected: expected, empty: "no permission change requested") {
            let login = try TaskRules.user(login, field: "username")
            guard let states = states.objectValue else {
                throw InvalidField(field: login, reason: "expected the roles of the user, as in \(expected)")
            }
            changes[login] = states
        }
        return changes
    }

    /// A body that must be a JSON object with at least one key.
    private static func nonEmptyObject(_ body: JSONValue, expected: String, empty: String) throws -> [String: JSONValue] {
        guard let object = body.objectValue else {
            throw UserAPIError(.badRequest, "Bad request parameters: the body is not a dictionary; expected \(expected)")
        }
        guard !object.isEmpty else { throw UserAPIError(.badRequest, "Bad request parameters: \(empty)") }
        return object
    }
}
