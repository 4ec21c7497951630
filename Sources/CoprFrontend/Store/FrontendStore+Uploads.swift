import CoprCore
import GRDB

/// Which upload belongs to which build: the `upload` table, keyed by build, each upload's
/// directory (its UUID) unique. An upload is named only through the build it was
/// uploaded for, never by a URL a user writes.
extension FrontendStore {
    /// The builds owning the uploads whose directories (UUIDs, lower case) are among
    /// `directories`, by directory; directories no build owns are left out.
    public func uploadOwners(directories: Set<String>) async throws -> [String: Int] {
        guard !directories.isEmpty else { return [:] }
        return try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT directory, build_id FROM upload WHERE directory IN (\(databaseQuestionMarks(count: directories.count)))",
                arguments: StatementArguments(Array(directories)))
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["directory"], $0["build_id"]) })
        }
    }

    /// Records `name` (`<UUID>/<file name>`) as the upload of `buildID`; refuses an upload
    /// that is already another build's.
    static func recordUpload(_ db: Database, name: String, buildID: Int) throws {
        let directory = String(name.prefix { $0 != "/" })
        if let owner = try Int.fetchOne(db, sql: "SELECT build_id FROM upload WHERE directory = ?", arguments: [directory]) {
            throw InvalidField(field: "upload", reason: "it is the source of build \(owner); upload the file again for a new build")
        }
        try db.execute(
            sql: "INSERT INTO upload (build_id, directory, file_name) VALUES (?, ?, ?)",
            arguments: [buildID, directory, String(name.dropFirst(directory.count + 1))])
    }

    /// Removes the upload record of `buildID` and returns the upload's name, if it had one.
    static func forgetUpload(_ db: Database, buildID: Int) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: "SELECT directory, file_name FROM upload WHERE build_id = ?", arguments: [buildID]) else {
            return nil
        }
        try db.execute(sql: "DELETE FROM upload WHERE build_id = ?", arguments: [buildID])
        let directory: String = row["directory"], fileName: String = row["file_name"]
        return "\(directory)/\(fileName)"
    }
}
