import CoprCore
import Foundation
import GRDB

/// Brings the uploads of a store written before uploads were recorded (schema version 1)
/// into the `upload` table. Then an uploaded SRPM was the source
/// `{"uploadedSRPM": {"path", "url"}}` and an uploaded spec a spec URL below `/uploads/`;
/// each becomes an ``BuildSource/upload(name:url:)`` of its build. Builds are taken oldest
/// first and an upload is recorded for one build only, so a later build that named an
/// earlier build's upload by URL keeps its URL, and its builder's address rule with it.
enum LegacyUploads {
    static func adopt(_ db: Database) throws {
        var claimed = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT id, source FROM build ORDER BY id") {
            let id: Int = row["id"]
            let text: String = row["source"]
            guard let source = try? JSONValue.decode(Data(text.utf8)), let (name, url) = upload(in: source) else { continue }
            let directory = String(name.prefix { $0 != "/" })
            let recordable = (try? UploadName.check(name)) != nil && claimed.insert(directory).inserted
            // An uploaded SRPM must change its form whatever it holds, or the build could
            // not be read any more; an uploaded spec only when its upload is recorded.
            guard recordable || source["uploadedSRPM"] != nil else { continue }
            let converted = String(decoding: try JSONEncoder().encode(BuildSource.upload(name: name, url: url)), as: UTF8.self)
            try db.execute(sql: "UPDATE build SET source = ? WHERE id = ?", arguments: [converted, id])
            if recordable {
                try db.execute(
                    sql: "INSERT INTO upload (build_id, directory, file_name) VALUES (?, ?, ?)",
                    arguments: [id, directory, (name as NSString).lastPathComponent])
            }
        }
    }

    /// The upload name (`<UUID>/<file name>`, the last two components of the path or
    /// URL) and URL of a version 1 source that was an upload.
    private static func upload(in source: JSONValue) -> (name: String, url: String)? {
        if let srpm = source["uploadedSRPM"], let path = srpm["path"]?.stringValue, let url = srpm["url"]?.stringValue {
            return (lastTwoComponents(path), url)
        }
        guard let url = source["specURL"]?["_0"]?.stringValue, let path = URL(string: url)?.path else { return nil }
        let components = path.split(separator: "/")
        guard components.count >= 3, components[components.count - 3] == "uploads" else { return nil }
        return (lastTwoComponents(path), url)
    }

    private static func lastTwoComponents(_ path: String) -> String {
        path.split(separator: "/").suffix(2).joined(separator: "/")
    }
}
