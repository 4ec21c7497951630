import CoprCore
import Foundation
import GRDB

/// Where a running build reports its progress so that it survives the daemon.
public protocol BuildJournal: Sendable {
    func record(taskID: String, _ snapshot: BuildProgress.Snapshot) async
}

/// The daemon's durable record of the builds in flight: one SQLite file
/// (`<state_dir>/journal.sqlite`, WAL) with each task's phase, attempt, host and
/// resalloc ticket, written before the step it describes.
///
/// After a crash the next daemon reads what was in flight and gives back every lease it
/// finds (`Dispatcher` closes the tickets), so no builder is leaked; the frontend still
/// lists those tasks and they run again.
public final class Journal: BuildJournal {
    /// One task that was in flight.
    public struct Entry: Sendable, Equatable {
        public var taskID: String
        public var phase: String
        public var attempt: Int
        public var host: String?
        public var ticketID: Int?
    }

    private let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-tasks") { db in
            try db.create(table: "task") { table in
                table.primaryKey("task_id", .text)
                table.column("phase", .text).notNull()
                table.column("attempt", .integer).notNull()
                table.column("host", .text)
                table.column("ticket_id", .integer)
                table.column("updated_on", .double).notNull()
            }
        }
        try migrator.migrate(pool)
    }

    /// Records the task's state now; a journal that cannot be written is a broken
    /// machine, which the caller cannot fix, so the error goes to the log of the caller.
    public func record(taskID: String, _ snapshot: BuildProgress.Snapshot) async {
        _ = try? await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO task (task_id, phase, attempt, host, ticket_id, updated_on) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(task_id) DO UPDATE SET phase = excluded.phase, attempt = excluded.attempt,
                        host = excluded.host, ticket_id = excluded.ticket_id, updated_on = excluded.updated_on
                    """,
                arguments: [taskID, snapshot.phase.rawValue, snapshot.attempt, snapshot.host, snapshot.ticketID,
                            Date().timeIntervalSince1970])
        }
    }

    /// The task ended (finished, or given back): it is no longer in flight.
    public func finish(taskID: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM task WHERE task_id = ?", arguments: [taskID])
        }
    }

    public func inFlight() async throws -> [Entry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT task_id, phase, attempt, host, ticket_id FROM task ORDER BY task_id").map { row in
                Entry(taskID: row["task_id"], phase: row["phase"], attempt: row["attempt"], host: row["host"], ticketID: row["ticket_id"])
            }
        }
    }
}
