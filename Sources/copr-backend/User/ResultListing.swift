import Foundation

/// The entries of one directory page of the embedded frontend's results tree (`/results/…/`):
/// each link `./<name>` (percent-encoded, `/` after a directory). The parent link and
/// anything that leaves the directory are left out, so a download stays below the
/// build's own directories.
enum ResultListing {
    struct Entry: Equatable {
        /// Decoded; never empty, `.`, `..`, nor holding a `/`.
        var name: String
        var isDirectory: Bool
    }

    static func entries(inPage html: String) -> [Entry] {
        html.components(separatedBy: "href=\"./").dropFirst().compactMap { rest -> Entry? in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            var link = String(rest[..<end])
            let isDirectory = link.hasSuffix("/")
            if isDirectory { link.removeLast() }
            guard let name = link.removingPercentEncoding, !name.isEmpty, name != ".", name != "..", !name.contains("/")
            else { return nil }
            return Entry(name: name, isDirectory: isDirectory)
        }
    }
}
