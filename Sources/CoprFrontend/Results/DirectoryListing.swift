import Foundation

/// The HTML page of one directory of the results tree, for people browsing results: a
/// table of its entries, directories first, each with its size and when it last changed,
/// readable on a phone and by a screen reader.
///
/// Every entry is one link `./<name>` (percent-encoded, `/` after a directory) and the
/// parent is `../`: `copr-backend build download` and `wget -r` (copr-cli's
/// download-build) take the entries from these links, and dnf reads `repodata/` by name.
struct DirectoryListing {
    struct Entry: Equatable {
        var name: String
        var isDirectory: Bool
        /// Bytes of a file; nil for a directory, or for a link that leads nowhere.
        var size: Int?
        /// nil for a link that leads nowhere.
        var modified: Date?

        init(name: String, isDirectory: Bool, size: Int? = nil, modified: Date? = nil) {
            self.name = name
            self.isDirectory = isDirectory
            self.size = size
            self.modified = modified
        }
    }

    /// The directory's URL path, decoded (`/results/jdoe/hello/`): the page's title.
    var urlPath: String
    /// In the order shown.
    var entries: [Entry]

    init(urlPath: String, entries: [Entry]) {
        self.urlPath = urlPath
        self.entries = entries.sorted { ($0.isDirectory ? 0 : 1, $0.name) < ($1.isDirectory ? 0 : 1, $1.name) }
    }

    /// The entries of the directory at `path`. A symbolic link is listed as what it
    /// points to; whether it may be followed is decided when it is requested.
    static func entries(of path: String) throws -> [Entry] {
        try FileManager.default.contentsOfDirectory(atPath: path).map { name in
            var status = stat()
            guard stat((path as NSString).appendingPathComponent(name), &status) == 0 else {
                return Entry(name: name, isDirectory: false)
            }
            let isDirectory = status.st_mode & S_IFMT == S_IFDIR
            let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
            return Entry(name: name, isDirectory: isDirectory, size: isDirectory ? nil : Int(status.st_size), modified: modified)
        }
    }

    var html: String {
        // Links are relative to the directory, and start with `./` so that a name with a
        // colon is not taken for a URL scheme.
        let parent = urlPath == ResultsFiles.urlPrefix + "/"
            ? [] : [#"<tr><td><a href="../">Parent directory</a></td><td></td><td></td></tr>"#]
        let rows = entries.map { entry in
            let suffix = entry.isDirectory ? "/" : ""
            let href = "./" + (entry.name.addingPercentEncoding(withAllowedCharacters: Self.allowedInLinks) ?? "") + suffix
            let size = entry.size.map { #"<td class="size" title="\#($0) bytes">\#(Self.readableSize($0))</td>"# }
                ?? #"<td class="size">-</td>"#
            let modified = entry.modified.map { date in
                let stamp = Self.timestamp(date)
                return #"<td><time datetime="\#(stamp)">\#(stamp.replacingOccurrences(of: "T", with: " ").dropLast()) UTC</time></td>"#
            } ?? "<td>-</td>"
            return #"<tr><td><a href="\#(SafeHTML.escape(href))">\#(SafeHTML.escape(entry.name + suffix))</a></td>\#(size)\#(modified)</tr>"#
        }
        let title = SafeHTML.escape("Index of \(urlPath)")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1rem; color: #1b1b1b; background: #fff; }
            h1 { font-size: 1.25rem; overflow-wrap: anywhere; }
            table { border-collapse: collapse; width: 100%; max-width: 60rem; }
            th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #d0d0d0; }
            td:first-child { overflow-wrap: anywhere; }
            .size { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            a { color: #0b4ea2; }
            a:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
            @media (max-width: 30rem) { th, td { padding: 0.3rem; font-size: 0.9rem; } }
            </style></head>
            <body><main>
            <h1>\(title)</h1>
            <table>
            <thead><tr><th scope="col">Name</th><th scope="col" class="size">Size</th><th scope="col">Last modified</th></tr></thead>
            <tbody>
            \((parent + rows).joined(separator: "\n"))
            </tbody>
            </table>
            </main></body></html>

            """
    }

    /// `bytes` as people read sizes: `512 B`, `1.5 KiB`, `23 MiB`.
    static func readableSize(_ bytes: Int) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes)
        var unit = 0
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        value /= 1024
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let number = value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
        return "\(number) \(units[unit])"
    }

    /// `2026-12-05T04:37:12Z`.
    private static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
            parts.tm_min, parts.tm_sec)
    }

    /// What a path component may hold unencoded in a link.
    private static let allowedInLinks = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
}
