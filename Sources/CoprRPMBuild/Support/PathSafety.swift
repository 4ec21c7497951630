import CoprCore
import Foundation

/// Keeps paths built from untrusted input inside a directory we own: resolves symlinks and
/// `..`, then requires the result to lie under the base directory.
public enum PathSafety {
    /// Joins `relative` to `base` and returns it if it (after resolving symlinks) stays
    /// inside `base`; throws otherwise.
    public static func resolve(_ relative: String, inside base: String) throws -> String {
        let joined = relative.isEmpty ? base : base + "/" + relative
        let resolved = canonical(joined)
        guard isInside(resolved, base: canonical(base)) else {
            throw CoprRPMBuildError.refusedTask("path '\(TaskRules.shown(relative))' leads outside \(base)")
        }
        return resolved
    }

    /// True when `path` (already canonical) is `base` or below it.
    public static func isInside(_ path: String, base: String) -> Bool {
        path == base || path.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// The path with symlinks, `.` and `..` resolved (as far as the path exists).
    public static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// A file name taken from untrusted input: one component, no control characters.
    public static func checkFileName(_ name: String, what: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), name.count <= 255,
              !name.hasPrefix("-"), !name.contains(where: { $0.asciiValue.map { $0 < 32 } == true }) else {
            throw CoprRPMBuildError.refusedTask("\(what) '\(TaskRules.shown(name))' is not a plain file name")
        }
    }
}
