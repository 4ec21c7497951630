import Foundation

/// The HTML page of one directory of the results tree: a link per entry, directories
/// with a trailing `/`, for people browsing results (dnf reads `repodata/` by name).
struct DirectoryListing {
    struct Entry: Equatable {
        var name: String
        var isDirectory: Bool
    }

    /// The directory's URL path, decoded (`/results/jdoe/hello/`): the page's title.
    var urlPath: String
    var entries: [Entry]

    /// The entries of the directory at `path`, by name. A symbolic link is listed as what
    /// it points to; whether it may be followed is decided when it is requested.
    static func entries(of path: String) throws -> [Entry] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return Entry(name: name, isDirectory: isDirectory.boolValue)
        }
    }

    var html: String {
        // Links are relative to the directory, and start with `./` so that a name with a
        // colon is not taken for a URL scheme.
        let parent = urlPath == ResultsFiles.urlPrefix + "/" ? [] : [#"<li><a href="../">../</a></li>"#]
        let links = entries.map { entry in
            let suffix = entry.isDirectory ? "/" : ""
            let href = "./" + (entry.name.addingPercentEncoding(withAllowedCharacters: Self.allowedInLinks) ?? "") + suffix
            return #"<li><a href="\#(Self.escaped(href))">\#(Self.escaped(entry.name + suffix))</a></li>"#
        }
        let title = Self.escaped("Index of \(urlPath)")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(title)</title></head>
            <body><h1>\(title)</h1>
            <ul>
            \((parent + links).joined(separator: "\n"))
            </ul>
            </body></html>

            """
    }

    /// What a path component may hold unencoded in a link.
    private static let allowedInLinks = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
