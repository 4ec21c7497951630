import CoprCore

/// Where one user stands on one project in each ``ProjectRole``, as a plain value: what
/// an admin sets (``setting(_:)``) and what the user asks for (``requesting(_:)``) go in,
/// the new standing comes out. Only an approved role grants anything (``granted``); a
/// request waits for an admin.
///
/// ```swift
/// var roles = ProjectRoles.none
/// roles = try roles.requesting(["builder": true], project: "@team/stack") // builder: request
/// roles = try roles.setting(["builder": "approved"])                     // builder: approved
/// ```
public struct ProjectRoles: Sendable, Equatable, Hashable {
    public var admin: RoleState
    public var builder: RoleState

    /// Nothing asked for, nothing granted.
    public static let none = ProjectRoles(admin: .nothing, builder: .nothing)

    public init(admin: RoleState, builder: RoleState) {
        self.admin = admin
        self.builder = builder
    }

    /// The roles of a grant: each granted one approved, the others nothing.
    public init(_ permission: ProjectPermission) {
        self.init(admin: permission.admin ? .approved : .nothing, builder: permission.builder ? .approved : .nothing)
    }

    /// What these roles grant: the approved ones.
    public var granted: ProjectPermission { ProjectPermission(admin: admin == .approved, builder: builder == .approved) }

    public subscript(role: ProjectRole) -> RoleState {
        get { role == .admin ? admin : builder }
        set { if role == .admin { admin = newValue } else { builder = newValue } }
    }

    /// An admin's change, as Copr's `permissions/set` names it: `{"admin"|"builder":
    /// "nothing"|"request"|"approved"}`; a role left out stays as it was. Throws
    /// ``InvalidField`` for another role or state.
    public func setting(_ states: [String: JSONValue]) throws(InvalidField) -> ProjectRoles {
        var changed = self
        for (name, value) in states {
            let role = try Self.role(name)
            guard let text = value.stringValue, let state = RoleState(rawValue: text) else {
                throw InvalidField(
                    field: name,
                    reason: "expected one of \(RoleState.allCases.map(\.rawValue).joined(separator: "|")), found \(TaskRules.describe(value))")
            }
            changed[role] = state
        }
        return changed
    }

    /// The user's own request, as Copr's `permissions/request` names it: `{"admin"|"builder":
    /// true|false}`; true asks for the role, false cancels the request or gives the role
    /// up. Asking for a role already approved is refused, as Copr refuses it.
    public func requesting(_ wanted: [String: JSONValue], project: String) throws(InvalidField) -> ProjectRoles {
        var changed = self
        for (name, value) in wanted {
            let role = try Self.role(name)
            guard let ask = value.boolValue else {
                throw InvalidField(field: name, reason: "expected true (ask for the role) or false (give it up), found \(TaskRules.describe(value))")
            }
            if ask && self[role] == .approved {
                throw InvalidField(field: name, reason: "you already are \(role.rawValue) in \(project)")
            }
            changed[role] = ask ? .request : .nothing
        }
        return changed
    }

    private static func role(_ name: String) throws(InvalidField) -> ProjectRole {
        guard let role = ProjectRole(rawValue: name) else {
            throw InvalidField(
                field: "permission", reason: "\(TaskRules.quoted(name)) is no role; use \(ProjectRole.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        return role
    }
}
