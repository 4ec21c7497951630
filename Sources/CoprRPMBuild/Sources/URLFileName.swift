import CoprCore
import Foundation

/// The local file name for a URL: the last path component, or the name after `#/` (the
/// rpm convention `Source0: https://host/archive/v1.tar.gz#/name-1.tar.gz`).
enum URLFileName {
    static func of(_ url: String) throws -> String {
        let name: String
        if let range = url.range(of: "#/") {
            name = String(url[range.upperBound...])
        } else {
            let withoutQuery = url.split(separator: "#").first.map(String.init) ?? url
            let path = URL(string: withoutQuery)?.path ?? withoutQuery
            name = (path.removingPercentEncoding ?? path).split(separator: "/").last.map(String.init) ?? ""
        }
        try PathSafety.checkFileName(name, what: "file name of '\(TaskRules.shown(url))'")
        return name
    }
}
