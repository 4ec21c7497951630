import Foundation
import GRDB

/// The events not yet confirmed by a message bus, one row per event and bus, in the
/// journal's file: written in the same place as the build's own progress, so an event is
/// never lost with the daemon, and removed only after the bus confirmed it.
///
/// Each bus drains its rows in order (`sequence`); an event is enqueued at most once per
/// bus (its id is stable), so announcing it again after a restart changes nothing.
public struct Outbox: Sendable {
    /// One event waiting for one bus.
    public struct Pending: Sendable, Equatable {
        public var sequence: Int64
        public var message: BusMessage
        public var createdOn: Date
    }

    private let journal: Journal

    public init(journal: Journal) {
        self.journal = journal
    }

    /// Queues `message` for every bus in `busIDs`.
    public func enqueue(_ message: BusMessage, for busIDs: [String]) async throws {
        guard !busIDs.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try await journal.pool.write { db in
            for busID in busIDs {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO outbox (bus_id, event_id, topic, stomp_body, v1_body, created_on)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [busID, message.eventID, message.topic, Data(message.stompBody), Data(message.v1Body), now])
            }
        }
    }

    /// The oldest events waiting for `busID`, at most `limit`.
    public func pending(for busID: String, limit: Int) async throws -> [Pending] {
        try await journal.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sequence, event_id, topic, stomp_body, v1_body, created_on FROM outbox
                    WHERE bus_id = ? ORDER BY sequence LIMIT ?
                    """,
                arguments: [busID, limit]
            ).map { row in
                Pending(
                    sequence: row["sequence"],
                    message: BusMessage(
                        eventID: row["event_id"], topic: row["topic"],
                        stompBody: Array(row["stomp_body"] as Data), v1Body: Array(row["v1_body"] as Data)),
                    createdOn: Date(timeIntervalSince1970: row["created_on"]))
            }
        }
    }

    /// The bus confirmed the event.
    public func delivered(_ sequence: Int64) async throws {
        try await journal.pool.write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE sequence = ?", arguments: [sequence])
        }
    }

    /// How many events wait, and since when the oldest, over all buses.
    public func depth() async throws -> (count: Int, oldest: Date?) {
        try await journal.pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS count, MIN(created_on) AS oldest FROM outbox")
            return (row?["count"] ?? 0, (row?["oldest"] as Double?).map { Date(timeIntervalSince1970: $0) })
        }
    }
}
