import CoprCore
import GRDB

/// Who may act on a project: the permissions granted on it, and the one question routes
/// ask before they act (``authorize(_:by:owner:project:)``).
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

    /// What `login` was granted on project `owner`/`project` (nothing if it does not exist).
    public func permission(of login: String, owner: String, project: String) async throws -> ProjectPermission {
        try await pool.read { db in
            guard let found = try Self.project(db, owner: owner, name: project) else { return .none }
            return try Self.permission(db, of: login, projectID: found.id)
        }
    }

    /// What `login` was granted on the project with id `projectID`.
    static func permission(_ db: Database, of login: String, projectID: Int) throws -> ProjectPermission {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT admin, builder FROM project_permission WHERE project_id = ? AND login = ?", arguments: [projectID, login])
        else { return .none }
        return ProjectPermission(admin: row["admin"], builder: row["builder"])
    }

    /// The permissions granted on a project, by login; ``FrontendStoreError/projectNotFound(owner:name:)``
    /// if it does not exist.
    public func permissions(owner: String, project: String) async throws -> [(login: String, permission: ProjectPermission)] {
        try await pool.read { db in
            let found = try Self.existingProject(db, owner: owner, name: project)
            return try Row.fetchAll(
                db, sql: "SELECT login, admin, builder FROM project_permission WHERE project_id = ? ORDER BY login",
                arguments: [found.id]
            ).map { (login: $0["login"], permission: ProjectPermission(admin: $0["admin"], builder: $0["builder"])) }
        }
    }

    /// Grants `permission` to `login` on a project, replacing what it had; granting
    /// nothing removes the entry. Throws for an unknown project or user.
    public func setPermission(_ permission: ProjectPermission, of login: String, owner: String, project: String) async throws {
        try await pool.write { db in
            let found = try Self.existingProject(db, owner: owner, name: project)
            guard try Self.userExists(db, login) else { throw FrontendStoreError.userNotFound(login) }
            if permission == .none {
                try db.execute(
                    sql: "DELETE FROM project_permission WHERE project_id = ? AND login = ?", arguments: [found.id, login])
            } else {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO project_permission (project_id, login, admin, builder) VALUES (?, ?, ?, ?)",
                    arguments: [found.id, login, permission.admin, permission.builder])
            }
        }
    }

    private static func existingProject(_ db: Database, owner: String, name: String) throws -> Project {
        guard let found = try project(db, owner: owner, name: name) else {
            throw FrontendStoreError.projectNotFound(owner: owner, name: name)
        }
        return found
    }
}
