import CoprCore
import GRDB

/// Forgetting ended builds, one or several in one transaction.
extension FrontendStore {
    /// Forgets an ended build: the build, its chroots, its upload record and the cancel
    /// requests of its tasks go in one transaction. Throws
    /// ``FrontendStoreError/buildNotFound(_:)`` for an unknown build and ``BuildNotEnded``
    /// while a task has not ended. Returns the name of the build's upload, if it had one:
    /// that file and the results on disk are the caller's to remove.
    @discardableResult
    public func deleteBuild(id: Int) async throws -> String? {
        try await deleteBuilds(ids: [id])[id] ?? nil
    }

    /// Forgets the ended builds `ids` in one transaction: all of them, or, when one is
    /// unknown or has not ended (thrown as by ``deleteBuild(id:)``), none. Returns the
    /// upload of each build that had one, by build id; those files and the results on
    /// disk are the caller's to remove.
    public func deleteBuilds(ids: [Int]) async throws -> [Int: String?] {
        try await pool.write { db in
            var uploads: [Int: String?] = [:]
            for id in ids where uploads[id] == nil {
                guard let overview = try Self.overview(db, buildID: id) else { throw FrontendStoreError.buildNotFound(id) }
                guard overview.hasEnded else { throw BuildNotEnded(buildID: id, state: overview.state) }
                uploads[id] = .some(try Self.forgetUpload(db, buildID: id))
                try db.execute(
                    sql: "DELETE FROM cancel_request WHERE task_id = ? OR task_id LIKE ?",
                    arguments: [TaskID.source(buildID: id).description, "\(id)-%"])
                try db.execute(sql: "DELETE FROM build_chroot WHERE build_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM build WHERE id = ?", arguments: [id])
            }
            return uploads
        }
    }
}
