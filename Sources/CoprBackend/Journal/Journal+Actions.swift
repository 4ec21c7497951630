import CoprCore
import Foundation
import GRDB

extension Journal {
    /// One action begun by this or an earlier daemon and not yet reported.
    public struct ActionEntry: Sendable, Equatable {
        public var record: ActionRecord
        /// Nil while it runs (or when the daemon stopped while it ran): it runs again.
        public var result: ActionResult?
    }

    /// Action `record` starts: until `actionReported`, a restart runs it again.
    public func actionBegins(_ record: ActionRecord) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO action (id, record, result, updated_on) VALUES (?, ?, NULL, ?)",
                arguments: [record.id, encoded, Date().timeIntervalSince1970])
        }
    }

    /// Action `id` came to `result`: a restart reports it without running it again.
    public func actionEnded(_ id: Int, result: ActionResult) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE action SET result = ?, updated_on = ? WHERE id = ?",
                arguments: [result.rawValue, Date().timeIntervalSince1970, id])
        }
    }

    /// The frontend has the result of action `id`: it is done.
    public func actionReported(_ id: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM action WHERE id = ?", arguments: [id])
        }
    }

    /// The actions begun and not reported, by id; an entry whose record cannot be read
    /// any more is dropped (the frontend still lists that action, so it runs again).
    public func actionsInFlight() async throws -> [ActionEntry] {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, record, result FROM action ORDER BY id").map { row in
                (id: row["id"] as Int, record: row["record"] as String, result: row["result"] as Int?)
            }
        }
        var entries: [ActionEntry] = []
        for row in rows {
            guard let record = try? JSONDecoder().decode(ActionRecord.self, from: Data(row.record.utf8)) else {
                try await actionReported(row.id)
                continue
            }
            entries.append(ActionEntry(record: record, result: row.result.flatMap(ActionResult.init(rawValue:))))
        }
        return entries
    }
}
