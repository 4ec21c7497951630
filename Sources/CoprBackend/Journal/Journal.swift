import CoprCore
import Foundation
import GRDB

/// Where a running build records its lifecycle so that it survives the daemon.
public protocol BuildJournal: Sendable {
    func record(taskID: String, _ lifecycle: BuildLifecycle) async
}

/// The daemon's durable record of the builds in flight: one SQLite file
/// (`<state_dir>/journal.sqlite`, WAL) holding, per task, its `BuildLifecycle` (the
/// `pending-jobs` record it was scheduled from, the task record, where the build is),
/// written before each step it describes.
///
/// The next daemon takes every such build up where it was (`BuildWorker.resume`), so
/// the journal alone is enough to recover after a crash or a stop.
public final class Journal: BuildJournal {
    /// One task that was in flight.
    public struct Entry: Sendable, Equatable {
        public var taskID: String
        /// Nil for an entry this daemon cannot take up: written by an older daemon, or of
        /// another format version.
        public var lifecycle: BuildLifecycle?
        /// The resalloc ticket an entry that cannot be taken up held, to be closed.
        public var abandonedTicket: Int?
    }

    /// The journal of the backend whose `[backend] state_dir` is `stateDirectory`.
    public static func path(stateDirectory: String) -> String {
        (stateDirectory as NSString).appendingPathComponent("journal.sqlite")
    }

    /// Shared with the `Outbox`, which keeps its table in the same file.
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with NORMAL: a commit survives the death of the daemon (kill -9), which is
            // what the journal is for, without an fsync per commit; a thousand builds
            // starting at once would otherwise queue behind the disk.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
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
        migrator.registerMigration("2-resumable-tasks") { db in
            try db.alter(table: "task") { table in
                table.add(column: "snapshot", .text)
                table.add(column: "queue_record", .text)
                table.add(column: "task_record", .text)
            }
        }
        migrator.registerMigration("3-outbox") { db in
            try db.create(table: "outbox") { table in
                table.autoIncrementedPrimaryKey("sequence")
                table.column("bus_id", .text).notNull()
                table.column("event_id", .text).notNull()
                table.column("topic", .text).notNull()
                table.column("stomp_body", .blob).notNull()
                table.column("v1_body", .blob).notNull()
                table.column("created_on", .double).notNull()
                table.uniqueKey(["bus_id", "event_id"])
            }
        }
        migrator.registerMigration("4-lifecycles") { db in
            try db.create(table: "build") { table in
                table.primaryKey("task_id", .text)
                table.column("lifecycle", .text).notNull()
                table.column("updated_on", .double).notNull()
            }
        }
        migrator.registerMigration("5-actions") { db in
            try db.create(table: "action") { table in
                table.primaryKey("id", .integer)
                table.column("record", .text).notNull()
                table.column("result", .integer)
                table.column("updated_on", .double).notNull()
            }
        }
        try migrator.migrate(pool)
    }

    /// The dispatcher starts a worker for a task; `lifecycle` holds its `pending-jobs` record.
    public func begin(taskID: String, lifecycle: BuildLifecycle) async throws {
        let encoded = try Self.encode(lifecycle)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO build (task_id, lifecycle, updated_on) VALUES (?, ?, ?)",
                arguments: [taskID, encoded, Date().timeIntervalSince1970])
        }
    }

    /// Records the build's lifecycle now; a journal that cannot be written is a broken
    /// machine, which the caller cannot fix, so the error goes to the log of the caller.
    public func record(taskID: String, _ lifecycle: BuildLifecycle) async {
        guard let encoded = try? Self.encode(lifecycle) else { return }
        _ = try? await pool.write { db in
            try db.execute(
                sql: "UPDATE build SET lifecycle = ?, updated_on = ? WHERE task_id = ?",
                arguments: [encoded, Date().timeIntervalSince1970, taskID])
        }
    }

    /// The task ended (finished, or given back): it is no longer in flight.
    public func finish(taskID: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM build WHERE task_id = ?", arguments: [taskID])
            try db.execute(sql: "DELETE FROM task WHERE task_id = ?", arguments: [taskID])
        }
    }

    /// The builds in flight, and what an older daemon left (its `task` rows) to be
    /// cleaned up: those are not taken up, their tickets are closed and the frontend hands
    /// the tasks out again.
    public func inFlight() async throws -> [Entry] {
        try await pool.read { db in
            let current = try Row.fetchAll(db, sql: "SELECT task_id, lifecycle FROM build ORDER BY task_id").map { row in
                let lifecycle = (row["lifecycle"] as String?).flatMap { try? JSONDecoder().decode(BuildLifecycle.self, from: Data($0.utf8)) }
                let usable = lifecycle?.formatVersion == BuildLifecycle.formatVersion ? lifecycle : nil
                return Entry(taskID: row["task_id"], lifecycle: usable, abandonedTicket: usable == nil ? lifecycle?.ticketID : nil)
            }
            let older = try Row.fetchAll(db, sql: "SELECT task_id, ticket_id FROM task ORDER BY task_id").map { row in
                Entry(taskID: row["task_id"], lifecycle: nil, abandonedTicket: row["ticket_id"])
            }
            return current + older
        }
    }

    static func encode(_ lifecycle: BuildLifecycle) throws -> String {
        String(decoding: try JSONEncoder().encode(lifecycle), as: UTF8.self)
    }
}
