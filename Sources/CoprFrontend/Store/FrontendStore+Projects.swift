import CoprCore
import Foundation
import GRDB

/// Changing and removing projects, each in one transaction.
extension FrontendStore {
    /// Applies `changes` to a project and returns it; ``InvalidField`` for a bad chroot or
    /// setting, or a chroot this deployment does not offer,
    /// ``FrontendStoreError/projectNotFound(owner:name:)`` for an unknown project.
    @discardableResult
    public func editProject(owner: String, name: String, changes: ProjectChanges) async throws -> Project {
        let changes = try changes.checked()
        if let chroots = changes.chroots { try chrootOffer?.check(chroots) }
        let chroots = changes.chroots.map(Project.column)
        let now = clock()
        return try await pool.write { db in
            guard let project = try Self.project(db, owner: owner, name: name) else {
                throw FrontendStoreError.projectNotFound(owner: owner, name: name)
            }
            try db.execute(
                sql: "UPDATE project SET chroots = coalesce(?, chroots), signing_enabled = coalesce(?, signing_enabled) WHERE id = ?",
                arguments: [chroots, changes.signingEnabled, project.id])
            try Self.saveSettings(db, changes.settings.applied(to: project.settings, now: now), projectID: Int64(project.id))
            return try Project.fetchOne(db, key: project.id)!
        }
    }

    /// Forgets a project with its builds, their chroots, upload records and cancel
    /// requests. Throws ``FrontendStoreError/projectNotFound(owner:name:)`` for an unknown
    /// project and ``ProjectBuildsNotEnded`` while a build of it has not ended. Returns the
    /// names of the builds' uploads: those files and the results on disk are the caller's
    /// to remove.
    @discardableResult
    public func deleteProject(owner: String, name: String) async throws -> [String] {
        try await pool.write { db in
            guard let project = try Self.project(db, owner: owner, name: name) else {
                throw FrontendStoreError.projectNotFound(owner: owner, name: name)
            }
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM build WHERE project_id = ? ORDER BY id", arguments: [project.id])
            let unended = try ids.compactMap { try Self.overview(db, buildID: $0) }.filter { !$0.hasEnded }.map(\.build.id)
            guard unended.isEmpty else { throw ProjectBuildsNotEnded(project: project.fullName, buildIDs: unended) }
            var uploads: [String] = []
            for id in ids {
                if let upload = try Self.forgetUpload(db, buildID: id) { uploads.append(upload) }
                try db.execute(
                    sql: "DELETE FROM cancel_request WHERE task_id = ? OR task_id LIKE ?",
                    arguments: [TaskID.source(buildID: id).description, "\(id)-%"])
                try db.execute(sql: "DELETE FROM build_chroot WHERE build_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM build WHERE project_id = ?", arguments: [project.id])
            try db.execute(sql: "DELETE FROM project WHERE id = ?", arguments: [project.id])
            return uploads
        }
    }
}
