import CoprCore
import Foundation
import GRDB

/// Where a running build reports its progress so that it survives the daemon.
public protocol BuildJournal: Sendable {
    func record(taskID: String, _ snapshot: BuildProgress.Snapshot) async
    /// The task's record from the frontend, so a resumed build needs no frontend to go on.
    func record(taskID: String, taskRecord: [String: JSONValue]) async
}

/// The daemon's durable record of the builds in flight: one SQLite file
/// (`<state_dir>/journal.sqlite`, WAL). Per task: the `pending-jobs` record it was
/// scheduled from, the task record, and the worker's `BuildProgress.Snapshot` (phase,
/// attempt, lease, remote build, live-log offset, undelivered final report), each
/// written before the step it describes.
///
/// The next daemon takes every such build up where it was (`BuildWorker.resume`), so
/// the journal alone is enough to recover after a crash or a stop.
public final class Journal: BuildJournal {
    /// One task that was in flight.
    public struct Entry: Sendable, Equatable {
        public var taskID: String
        public var snapshot: BuildProgress.Snapshot
        /// The `pending-jobs` record the dispatcher started the task from.
        public var queueRecord: JSONValue?
        /// The frontend's task record, once fetched.
        public var taskRecord: [String: JSONValue]?

        public var phase: String { snapshot.phase.rawValue }
        public var attempt: Int { snapshot.attempt }
        public var host: String? { snapshot.host }
        public var ticketID: Int? { snapshot.ticketID }
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
        try migrator.migrate(pool)
    }

    /// The dispatcher starts a worker for the task scheduled from `queueRecord`.
    public func begin(taskID: String, queueRecord: JSONValue) async throws {
        let snapshot = BuildProgress.Snapshot()
        let encodedSnapshot = try String(decoding: JSONEncoder().encode(snapshot), as: UTF8.self)
        let encodedRecord = String(decoding: try queueRecord.encoded(), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO task (task_id, phase, attempt, updated_on, snapshot, queue_record)
                    VALUES (?, ?, 0, ?, ?, ?)
                    """,
                arguments: [taskID, snapshot.phase.rawValue, Date().timeIntervalSince1970, encodedSnapshot, encodedRecord])
        }
    }

    /// Records the task's state now; a journal that cannot be written is a broken
    /// machine, which the caller cannot fix, so the error goes to the log of the caller.
    public func record(taskID: String, _ snapshot: BuildProgress.Snapshot) async {
        guard let encoded = try? String(decoding: JSONEncoder().encode(snapshot), as: UTF8.self) else { return }
        _ = try? await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO task (task_id, phase, attempt, host, ticket_id, updated_on, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(task_id) DO UPDATE SET phase = excluded.phase, attempt = excluded.attempt,
                        host = excluded.host, ticket_id = excluded.ticket_id, updated_on = excluded.updated_on,
                        snapshot = excluded.snapshot
                    """,
                arguments: [taskID, snapshot.phase.rawValue, snapshot.attempt, snapshot.host, snapshot.ticketID,
                            Date().timeIntervalSince1970, encoded])
        }
    }

    public func record(taskID: String, taskRecord: [String: JSONValue]) async {
        guard let encoded = try? JSONValue.object(taskRecord).encoded() else { return }
        _ = try? await pool.write { db in
            try db.execute(
                sql: "UPDATE task SET task_record = ? WHERE task_id = ?",
                arguments: [String(decoding: encoded, as: UTF8.self), taskID])
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
            try Row.fetchAll(
                db, sql: "SELECT task_id, phase, attempt, ticket_id, snapshot, queue_record, task_record FROM task ORDER BY task_id"
            ).map { row in
                var snapshot = (row["snapshot"] as String?).flatMap {
                    try? JSONDecoder().decode(BuildProgress.Snapshot.self, from: Data($0.utf8))
                } ?? BuildProgress.Snapshot()
                if row["snapshot"] as String? == nil {
                    // Written by a daemon without resumable builds: enough to close its ticket.
                    snapshot.phase = BuildProgress.Phase(rawValue: row["phase"]) ?? .fetching
                    snapshot.attempt = row["attempt"]
                    snapshot.ticketID = row["ticket_id"]
                }
                return Entry(
                    taskID: row["task_id"], snapshot: snapshot,
                    queueRecord: (row["queue_record"] as String?).flatMap { try? JSONValue.decode(Data($0.utf8)) },
                    taskRecord: (row["task_record"] as String?).flatMap { try? JSONValue.decode(Data($0.utf8)) }?.objectValue)
            }
        }
    }
}
