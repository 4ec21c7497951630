import CoprCore
import Foundation
import GRDB

/// Copr's action queue: what the backend must do to the results tree (deletes,
/// createrepo, …), kept until the backend reports each result. The project's owner and
/// name are kept with the action, since a project delete removes the project itself.
extension FrontendStore {
    /// What `update/` did with the reported actions.
    public struct ActionUpdateSummary: Sendable, Equatable {
        public var updated: [Int]
        public var nonExisting: [Int]
    }

    /// Queues `action`; returns its id.
    @discardableResult
    public func enqueue(_ action: NewAction) async throws -> Int {
        let now = clock()
        return try await pool.write { db in try Self.enqueue(action, db, now: now) }
    }

    /// Queues `action` in the caller's transaction.
    static func enqueue(_ action: NewAction, _ db: Database, now: Double) throws -> Int {
        let project = try action.projectID.flatMap { id in
            try Row.fetchOne(db, sql: "SELECT owner, name FROM project WHERE id = ?", arguments: [id])
        }
        try db.execute(
            sql: """
                INSERT INTO action (action_type, object_type, object_id, old_value, new_value, priority, data, result,
                                    created_on, project_id, project_owner, project_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """,
            arguments: [
                action.type.rawValue, action.objectType, action.objectID, action.oldValue, action.newValue,
                action.priority ?? action.type.defaultPriority, String(decoding: try action.data.encoded(), as: UTF8.self), now,
                action.projectID, project?["owner"] as String?, project?["name"] as String?,
            ])
        return Int(db.lastInsertedRowID)
    }

    /// `pending-actions`: the waiting actions oldest first (legal flags are for people),
    /// as `{id, priority, project_owner}`; behind a project delete, later actions of the
    /// same project wait until it is done, as upstream keeps a fork from racing a delete.
    public func pendingActions() async throws -> [JSONValue] {
        try await pool.read { db in
            var busy = Set<String>()
            var pending: [JSONValue] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT id, action_type, object_type, priority, project_owner, project_name FROM action
                WHERE result = 0 AND action_type != ? ORDER BY created_on, id
                """, arguments: [ActionType.legalFlag.rawValue]) {
                let owner: String? = row["project_owner"]
                let project = owner.map { "\($0)/\(row["project_name"] as String? ?? "")" }
                if row["action_type"] == ActionType.delete.rawValue, row["object_type"] == "copr", let project {
                    busy.insert(project)
                } else if let project, busy.contains(project) {
                    continue
                }
                pending.append(["id": .int(row["id"]), "priority": .int(row["priority"]), "project_owner": owner.map(JSONValue.string) ?? .null])
            }
            return pending
        }
    }

    /// `action/<id>`: the whole record as upstream's `Action.to_dict()` gives it (`data`
    /// a JSON string); ``FrontendStoreError/actionNotFound(_:)`` for an unknown id.
    public func actionRecord(id: Int) async throws -> JSONValue {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM action WHERE id = ?", arguments: [id]) else {
                throw FrontendStoreError.actionNotFound(id)
            }
            let text = { (column: String) -> JSONValue in (row[column] as String?).map(JSONValue.string) ?? .null }
            let number = { (column: String) -> JSONValue in (row[column] as Int?).map(JSONValue.int) ?? .null }
            return [
                "id": .int(row["id"]), "action_type": .int(row["action_type"]), "object_type": text("object_type"),
                "object_id": number("object_id"), "old_value": text("old_value"), "new_value": text("new_value"),
                "priority": number("priority"), "data": text("data"), "result": .int(row["result"]), "message": text("message"),
                "created_on": .int(Int(row["created_on"] as Double)), "ended_on": (row["ended_on"] as Double?).map { .int(Int($0)) } ?? .null,
                "copr_id": number("project_id"),
            ]
        }
    }

    /// `update/` with `actions`: each known action gets its result (and message); a
    /// success or failure ends it, and the builds a fork action copies with it. Unknown
    /// ids are listed, not refused.
    public func applyActionResults(_ results: [(id: Int, result: ActionResult?, message: String?)]) async throws -> ActionUpdateSummary {
        let now = clock()
        return try await pool.write { db in
            var summary = ActionUpdateSummary(updated: [], nonExisting: [])
            for (id, result, message) in results {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM action WHERE id = ?", arguments: [id]) == true else {
                    summary.nonExisting.append(id)
                    continue
                }
                if let result, result != .waiting {
                    try db.execute(sql: "UPDATE action SET result = ?, ended_on = ? WHERE id = ?", arguments: [result.rawValue, now, id])
                    try Self.endForkedBuilds(db, actionID: id, result: result)
                }
                if let message, !message.isEmpty {
                    try db.execute(sql: "UPDATE action SET message = ? WHERE id = ?", arguments: [message, id])
                }
                summary.updated.append(id)
            }
            return summary
        }
    }

    /// Whether an action of `type` for project `projectID` waits for the backend.
    public func hasWaitingAction(_ type: ActionType, projectID: Int) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM action WHERE result = 0 AND action_type = ? AND project_id = ? LIMIT 1",
                arguments: [type.rawValue, projectID]) == true
        }
    }

    /// Why build `id` is not in the store: deleted (with its delete action's result) or
    /// never there.
    static func missingBuild(_ db: Database, _ id: Int) throws -> FrontendStoreError {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, result, message FROM action WHERE action_type = ? AND (
                (object_type = 'build' AND object_id = ?)
                OR (object_type = 'builds' AND EXISTS (SELECT 1 FROM json_each(action.data, '$.build_ids') WHERE value = ?)))
            ORDER BY id DESC LIMIT 1
            """, arguments: [ActionType.delete.rawValue, id, id])
        else { return .buildNotFound(id) }
        return .buildDeleted(id, actionID: row["id"], result: ActionResult(rawValue: row["result"]) ?? .waiting, message: row["message"])
    }

    /// How many actions wait for the backend.
    public func waitingActionCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action WHERE result = 0 AND action_type != ?",
                             arguments: [ActionType.legalFlag.rawValue]) ?? 0
        }
    }
}
