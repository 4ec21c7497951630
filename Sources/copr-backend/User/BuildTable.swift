import CoprCore
import Foundation

/// `build list` as text or JSON: the newest builds the frontend listed (it chose them by
/// project or owner), newest last, under a header, or one line saying there are none.
struct BuildTable {
    /// Only the newest this many; nil for all.
    var limit: Int?

    /// The builds listed, oldest first.
    func selected(_ builds: [JSONValue]) -> [JSONValue] {
        limit.map { Array(builds.suffix($0)) } ?? builds
    }

    /// A header and one line per build; `scope` names what was listed, for the line
    /// that says it has no builds.
    func lines(_ builds: [JSONValue], scope: String?) -> [String] {
        let chosen = selected(builds)
        guard !chosen.isEmpty else { return ["No builds in \(scope ?? "any project") yet"] }
        let rows = chosen.map { build -> [String] in
            let package = [build["package_name"]?.stringValue, build["package_version"]?.stringValue].compactMap { $0 }
            return [
                String(build["id"]?.intValue ?? 0), build["project"]?.stringValue ?? "?",
                package.isEmpty ? "-" : package.joined(separator: "-"), build["state"]?.stringValue ?? "?",
                Self.time(build["submitted_on"]?.doubleValue),
            ]
        }
        return Self.aligned([["ID", "PROJECT", "PACKAGE", "STATE", "SUBMITTED"]] + rows)
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    private static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }
}
