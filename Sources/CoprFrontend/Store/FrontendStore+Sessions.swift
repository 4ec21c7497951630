import Foundation
import GRDB

/// The web interface's sessions: opaque values under random keys, each with its expiry,
/// kept in the store so that a restart signs nobody out. ``StoredSessions`` hands them to
/// hummingbird-auth's session middleware.
extension FrontendStore {
    /// Stores `value` under `key` until `expires` (UNIX time; nil: no expiry); with
    /// `replace` false an existing key is kept and false returned. Expired sessions are
    /// removed on the way.
    func storeSession(key: String, value: Data, expires: Double?, replace: Bool) async throws -> Bool {
        let now = clock()
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE expires_on IS NOT NULL AND expires_on <= ?", arguments: [now])
            if !replace, try Bool.fetchOne(db, sql: "SELECT 1 FROM web_session WHERE key = ?", arguments: [key]) == true {
                return false
            }
            // A replacement without an expiry keeps the one the session had.
            try db.execute(
                sql: """
                    INSERT INTO web_session (key, value, expires_on) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                        expires_on = COALESCE(excluded.expires_on, web_session.expires_on)
                    """,
                arguments: [key, value, expires])
            return true
        }
    }

    /// The value under `key` and its expiry, nil when there is none or it expired.
    func session(key: String) async throws -> (value: Data, expires: Double?)? {
        let now = clock()
        return try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT value, expires_on FROM web_session WHERE key = ? AND (expires_on IS NULL OR expires_on > ?)",
                arguments: [key, now])
            else { return nil }
            return (row["value"], row["expires_on"])
        }
    }

    func removeSession(key: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM web_session WHERE key = ?", arguments: [key]) }
    }

    /// The account of a signed-in session's API token while that token is valid (not
    /// revoked, not expired); nil otherwise.
    public func sessionAccount(tokenID: String) async throws -> Account? {
        let now = clock()
        return try await pool.read { db in
            guard let login = try String.fetchOne(
                db, sql: "SELECT login FROM api_token WHERE id = ? AND revoked_on IS NULL AND expires_on > ?", arguments: [tokenID, now])
            else { return nil }
            return try Self.account(db, login)
        }
    }

    /// When the token `id` expires, nil when it is unknown.
    func tokenExpiry(id: String) async throws -> Double? {
        try await pool.read { db in try Double.fetchOne(db, sql: "SELECT expires_on FROM api_token WHERE id = ?", arguments: [id]) }
    }
}
