import Foundation

/// File system paths with symbolic links and `..` resolved: a path made of stored names
/// (an upload, a result directory) is checked against the tree it must stay in before it
/// is served or removed.
enum ResolvedPath {
    /// The canonical absolute path of an existing file or directory; nil if there is none.
    static func of(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` exists and resolves strictly below the existing directory `root`.
    static func isInside(_ path: String, root: String) -> Bool {
        guard let resolvedRoot = of(root), let resolved = of(path) else { return false }
        return resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }
}
