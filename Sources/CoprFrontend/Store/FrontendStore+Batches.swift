import CoprCore
import GRDB

/// The batches of builds (``BatchOrdering``): placing a submitted build in one, and which
/// builds must not start yet. The rules are the plain values' (``BatchPlacement``,
/// ``BatchOrdering``); this only loads and saves them.
extension FrontendStore {
    /// What build `id` waits for before it may start, or nil when it may start (or has no
    /// batch); ``FrontendStoreError/buildNotFound(_:)`` if unknown.
    public func blocker(ofBuild id: Int) async throws -> BatchOrdering.Blocker? {
        try await pool.read { db in
            guard let build = try Build.fetchOne(db, key: id) else { throw FrontendStoreError.buildNotFound(id) }
            guard let batch = build.batchID else { return nil }
            return try Self.ordering(db, of: [batch]).blocker(of: batch)
        }
    }

    /// Throws the ``BatchRefused`` a submission with `order` by `requester` would get,
    /// changing nothing: for a check before the build's file is sent.
    public func check(_ order: BuildOrder, by requester: Account?) async throws {
        try await pool.writeWithoutTransaction { db in
            try db.inTransaction {
                _ = try Self.batch(for: order, db, requester: requester, submitter: requester?.login ?? "")
                return .rollback
            }
        }
    }

    /// The ids of those of `builds` whose batch is blocked.
    static func blockedBuildIDs(_ db: Database, _ builds: some Collection<Build>) throws -> Set<Int> {
        let batches = Set(builds.compactMap(\.batchID))
        guard !batches.isEmpty else { return [] }
        let ordering = try ordering(db, of: batches)
        return Set(builds.filter { build in build.batchID.map(ordering.isBlocked) ?? false }.map(\.id))
    }

    /// The batch a build submitted with `order` goes into, made as ``BatchPlacement``
    /// decides for `requester` (nil: the operator, who may build anywhere); throws
    /// ``BatchRefused``.
    static func batch(for order: BuildOrder, _ db: Database, requester: Account?, submitter: String) throws -> Int {
        guard let build = try Build.fetchOne(db, key: order.buildID) else { throw BatchRefused.buildNotFound(order.buildID) }
        let project = try Project.fetchOne(db, key: build.projectID)!
        var targetBatch: BatchPlacement.TargetBatch?
        if let id = build.batchID {
            let members = try Project.fetchAll(
                db,
                sql: "SELECT DISTINCT project.* FROM project JOIN build ON build.project_id = project.id WHERE build.batch_id = ? ORDER BY project.owner, project.name",
                arguments: [id])
            targetBatch = BatchPlacement.TargetBatch(
                id: id, hasEnded: try ordering(db, of: [id]).hasEnded(id), projects: members.map(\.fullName),
                mayBuildInOne: try members.contains { try mayBuild(db, requester, in: $0) })
        }
        let target = BatchPlacement.Target(
            project: project.fullName, mayBuildInProject: try mayBuild(db, requester, in: project),
            hasEnded: try overview(db, buildID: build.id)!.hasEnded, batch: targetBatch)
        let placement = try BatchPlacement.decide(order, target: target, login: requester?.login ?? submitter).get()
        var batch = placement.batch
        if batch == nil {
            try db.execute(sql: "INSERT INTO batch (after_batch_id) VALUES (NULL)")
            batch = Int(db.lastInsertedRowID)
            try db.execute(sql: "UPDATE build SET batch_id = ? WHERE id = ?", arguments: [batch, build.id])
        }
        if placement.joins { return batch! }
        try db.execute(sql: "INSERT INTO batch (after_batch_id) VALUES (?)", arguments: [batch])
        return Int(db.lastInsertedRowID)
    }

    /// Whether `requester` may submit builds to `project` (nil: the operator may).
    private static func mayBuild(_ db: Database, _ requester: Account?, in project: Project) throws -> Bool {
        guard let requester else { return true }
        let permission = try permission(db, of: requester.login, projectID: project.id)
        return AccessRule.decide(.submitBuild, by: requester, owner: project.owner, project: project.name, permission: permission) == .allowed
    }

    /// The ordering of `batches` and of every batch they wait for, transitively, with
    /// whether each of their builds has ended.
    private static func ordering(_ db: Database, of batches: Set<Int>) throws -> BatchOrdering {
        var after: [Int: Int?] = [:]
        // UNION drops rows already found, so the walk ends even on a cycle.
        let rows = try Row.fetchAll(
            db,
            sql: """
                WITH RECURSIVE chain(id, after_batch_id) AS (
                    SELECT id, after_batch_id FROM batch WHERE id IN (\(list(batches)))
                    UNION SELECT batch.id, batch.after_batch_id FROM batch JOIN chain ON batch.id = chain.after_batch_id)
                SELECT id, after_batch_id FROM chain
                """)
        for row in rows { after[row["id"]] = .some(row["after_batch_id"]) }
        var builds: [Int: [Int: Bool]] = [:]
        if !after.isEmpty {
            let terminal = list(BuildStatus.allCases.filter(\.isTerminal).map(\.rawValue))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, batch_id, source_status IN (\(terminal)) AND NOT EXISTS (
                        SELECT 1 FROM build_chroot WHERE build_id = build.id AND status NOT IN (\(terminal))) AS ended
                    FROM build WHERE batch_id IN (\(list(after.keys)))
                    """)
            for row in rows { builds[row["batch_id"], default: [:]][row["id"]] = row["ended"] }
        }
        return BatchOrdering(after.map { BatchOrdering.Batch(id: $0.key, after: $0.value, builds: builds[$0.key] ?? [:]) })
    }

    /// Integers as an SQL list.
    private static func list(_ numbers: some Sequence<Int>) -> String {
        numbers.map(String.init).joined(separator: ",")
    }
}
