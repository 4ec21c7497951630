import CoprCore
import Foundation
import GRDB

/// Users, groups and API tokens: what the operator's `copr-backend user|group` commands
/// change, and what authenticates a request. Each operation is one transaction.
extension FrontendStore {
    /// Adds user `login`, a member of `groups` (created when they do not exist yet).
    /// Throws ``InvalidField`` for a bad name and ``FrontendStoreError/userExists(_:)``.
    @discardableResult
    public func addUser(_ login: String, siteAdmin: Bool = false, groups: [String] = []) async throws -> Account {
        try TaskRules.user(login, field: "login")
        for group in groups { try TaskRules.user(group, field: "group") }
        let now = clock()
        return try await pool.write { db in
            guard try !Self.userExists(db, login) else { throw FrontendStoreError.userExists(login) }
            try db.execute(
                sql: "INSERT INTO account (login, site_admin, created_on, id) VALUES (?, ?, ?, (SELECT COALESCE(MAX(id), 0) + 1 FROM account))",
                arguments: [login, siteAdmin, now])
            for group in groups {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO account_group (name, created_on) VALUES (?, ?)", arguments: [group, now])
                try db.execute(
                    sql: "INSERT OR IGNORE INTO group_member (group_name, login) VALUES (?, ?)", arguments: [group, login])
            }
            return try Self.account(db, login)!
        }
    }

    /// A new token of `login`, valid for `lifetime` seconds; its other tokens stay valid.
    public func issueToken(for login: String, lifetime: Double) async throws -> APIToken {
        let now = clock()
        let token = APIToken.generate(expiresOn: now + lifetime)
        try await pool.write { db in
            guard try Self.userExists(db, login) else { throw FrontendStoreError.userNotFound(login) }
            try db.execute(
                sql: "INSERT INTO api_token (id, login, secret_sha256, created_on, expires_on) VALUES (?, ?, ?, ?, ?)",
                arguments: [token.id, login, APIToken.hash(token.secret), now, token.expiresOn])
        }
        return token
    }

    /// Revokes every token of `login` not revoked yet; returns how many.
    @discardableResult
    public func revokeTokens(of login: String) async throws -> Int {
        let now = clock()
        return try await pool.write { db in
            guard try Self.userExists(db, login) else { throw FrontendStoreError.userNotFound(login) }
            try db.execute(
                sql: "UPDATE api_token SET revoked_on = ? WHERE login = ? AND revoked_on IS NULL", arguments: [now, login])
            return db.changesCount
        }
    }

    /// Every user, by login.
    public func users() async throws -> [UserSummary] {
        let now = clock()
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT login, created_on FROM account ORDER BY login").map { row in
                let login: String = row["login"]
                let valid = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM api_token WHERE login = ? AND revoked_on IS NULL AND expires_on > ?",
                    arguments: [login, now]) ?? 0
                return UserSummary(account: try Self.account(db, login)!, createdOn: row["created_on"], validTokens: valid)
            }
        }
    }

    /// Adds group `name` (used as `@name` in project owners).
    public func addGroup(_ name: String) async throws {
        try TaskRules.user(name, field: "group")
        let now = clock()
        try await pool.write { db in
            guard try !Self.groupExists(db, name) else { throw FrontendStoreError.groupExists(name) }
            try db.execute(sql: "INSERT INTO account_group (name, created_on) VALUES (?, ?)", arguments: [name, now])
        }
    }

    /// Makes `login` a member of group `name`, or (`member` false) no longer one.
    public func setMembership(group name: String, login: String, member: Bool) async throws {
        try await pool.write { db in
            guard try Self.groupExists(db, name) else { throw FrontendStoreError.groupNotFound(name) }
            guard try Self.userExists(db, login) else { throw FrontendStoreError.userNotFound(login) }
            try db.execute(
                sql: member
                    ? "INSERT OR IGNORE INTO group_member (group_name, login) VALUES (?, ?)"
                    : "DELETE FROM group_member WHERE group_name = ? AND login = ?",
                arguments: [name, login])
        }
    }

    /// The account of the token `id` (copr-cli's `login`) if `secret` is its; otherwise
    /// the ``TokenRefused`` that says why not.
    public func authenticate(tokenID id: String, secret: String) async throws -> Result<Account, TokenRefused> {
        let now = clock()
        return try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT login, secret_sha256, expires_on, revoked_on FROM api_token WHERE id = ?", arguments: [id])
            else { return .failure(.unknownLogin) }
            let stored = StoredToken(
                login: row["login"], secretHash: row["secret_sha256"], expiresOn: row["expires_on"], revokedOn: row["revoked_on"])
            switch stored.verify(secret: secret, now: now) {
            case .success(let login): return .success(try Self.account(db, login)!)
            case .failure(let refusal): return .failure(refusal)
            }
        }
    }

    /// The account of user `login`; ``FrontendStoreError/userNotFound(_:)`` if there is none.
    public func account(_ login: String) async throws -> Account {
        try await pool.read { db in
            guard let account = try Self.account(db, login) else { throw FrontendStoreError.userNotFound(login) }
            return account
        }
    }

    /// The number of user `login` (Copr's user `id`), given in the order accounts were made.
    public func accountID(of login: String) async throws -> Int {
        try await pool.read { db in
            guard let id = try Int.fetchOne(db, sql: "SELECT id FROM account WHERE login = ?", arguments: [login]) else {
                throw FrontendStoreError.userNotFound(login)
            }
            return id
        }
    }

    // MARK: SQL

    static func account(_ db: Database, _ login: String) throws -> Account? {
        guard let siteAdmin = try Bool.fetchOne(db, sql: "SELECT site_admin FROM account WHERE login = ?", arguments: [login])
        else { return nil }
        let groups = try String.fetchAll(db, sql: "SELECT group_name FROM group_member WHERE login = ?", arguments: [login])
        return Account(login: login, siteAdmin: siteAdmin, groups: Set(groups))
    }

    static func userExists(_ db: Database, _ login: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE login = ?)", arguments: [login]) ?? false
    }

    private static func groupExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account_group WHERE name = ?)", arguments: [name]) ?? false
    }
}
