import CoprCore
import GRDB

/// Who may act on a project: the roles granted and asked for on it, and the one question
/// routes ask before they act (``authorize(_:by:owner:project:)``). Each change is one
/// transaction.
extension FrontendStore {
    /// Throws ``AccessRefused`` unless `account` (nil: anonymous) may do `action` to
    /// project `owner`/`project`, as ``AccessRule`` decides with what it was granted there.
    /// A project that does not exist has granted nothing.
    public func authorize(_ action: ProjectAction, by account: Account?, owner: String, project: String) async throws {
        var permission = ProjectPermission.none
        if let account { permission = try await self.permission(of: account.login, owner: owner, project: project) }
        if case .refused(let refusal) = AccessRule.decide(action, by: account, owner: owner, project: project, permission: permission) {
            throw refusal
        }
    }

    /// What `login` was granted on project `owner`/`project` (nothing if it does not
    /// exist); a role only asked for grants nothing.
    public func permission(of login: String, owner: String, project: String) async throws -> ProjectPermission {
        try await pool.read { db in
            guard let found = try Self.project(db, owner: owner, name: project) else { return .none }
            return try Self.permission(db, of: login, projectID: found.id)
        }
    }

    /// What `login` was granted on the project with id `projectID` (a role only asked
    /// for grants nothing).
    static func permission(_ db: Database, of login: String, projectID: Int) throws -> ProjectPermission {
        try roles(db, projectID: projectID, login: login).granted
    }

    /// The permissions granted on a project, by login (users who only asked for a role
    /// are left out); ``FrontendStoreError/projectNotFound(owner:name:)`` if it does not exist.
    public func permissions(owner: String, project: String) async throws -> [(login: String, permission: ProjectPermission)] {
        try await roles(owner: owner, project: project)
            .map { (login: $0.login, permission: $0.roles.granted) }
            .filter { $0.permission != .none }
    }

    /// Every user's roles on a project, granted or asked for, by login.
    public func roles(owner: String, project: String) async throws -> [(login: String, roles: ProjectRoles)] {
        try await pool.read { db in
            let found = try Self.existingProject(db, owner: owner, name: project)
            return try Row.fetchAll(
                db, sql: "SELECT * FROM project_permission WHERE project_id = ? ORDER BY login", arguments: [found.id]
            ).map { (login: $0["login"], roles: Self.roles($0)) }
        }
    }

    /// Grants `permission` to `login` on a project, replacing what it had or asked for;
    /// granting nothing removes the entry. Throws for an unknown project or user.
    public func setPermission(_ permission: ProjectPermission, of login: String, owner: String, project: String) async throws {
        try await changeRoles(of: [login], owner: owner, project: project) { _, _ in ProjectRoles(permission) }
    }

    /// Changes the roles of each of `logins` on a project with `change` (given the login
    /// and its roles until now), all of them or, when one is refused, none; an entry left
    /// with nothing is removed. Throws for an unknown project or user, and whatever
    /// `change` throws. Returns the logins whose roles changed.
    @discardableResult
    public func changeRoles(
        of logins: [String], owner: String, project: String,
        _ change: @Sendable (String, ProjectRoles) throws -> ProjectRoles
    ) async throws -> [String] {
        try await pool.write { db in
            let found = try Self.existingProject(db, owner: owner, name: project)
            var changed: [String] = []
            for login in logins {
                guard try Self.userExists(db, login) else { throw FrontendStoreError.userNotFound(login) }
                let old = try Self.roles(db, projectID: found.id, login: login)
                let new = try change(login, old)
                guard new != old else { continue }
                changed.append(login)
                try Self.store(new, db, projectID: found.id, login: login)
            }
            return changed
        }
    }

    // MARK: SQL

    private static func existingProject(_ db: Database, owner: String, name: String) throws -> Project {
        guard let found = try project(db, owner: owner, name: name) else {
            throw FrontendStoreError.projectNotFound(owner: owner, name: name)
        }
        return found
    }

    private static func roles(_ db: Database, projectID: Int, login: String) throws -> ProjectRoles {
        try Row.fetchOne(db, sql: "SELECT * FROM project_permission WHERE project_id = ? AND login = ?", arguments: [projectID, login])
            .map(roles) ?? .none
    }

    private static func roles(_ row: Row) -> ProjectRoles {
        func state(_ role: ProjectRole) -> RoleState {
            row[role.rawValue] ? .approved : row["\(role.rawValue)_requested"] ? .request : .nothing
        }
        return ProjectRoles(admin: state(.admin), builder: state(.builder))
    }

    private static func store(_ roles: ProjectRoles, _ db: Database, projectID: Int, login: String) throws {
        guard roles != .none else {
            try db.execute(sql: "DELETE FROM project_permission WHERE project_id = ? AND login = ?", arguments: [projectID, login])
            return
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO project_permission (project_id, login, admin, builder, admin_requested, builder_requested)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [projectID, login, roles.admin == .approved, roles.builder == .approved, roles.admin == .request, roles.builder == .request])
    }
}
