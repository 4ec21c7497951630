import Foundation

/// Small file-system operations the build steps share, with errors that name the path.
public enum Directories {
    /// Removes `path` (if present) and creates it empty.
    public static func recreate(_ path: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates `path` with its parents if missing.
    public static func ensure(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Copies a file into a directory (replacing a file of the same name); returns the new path.
    @discardableResult
    public static func copy(_ file: String, into directory: String) throws -> String {
        let target = directory + "/" + (file as NSString).lastPathComponent
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
        try manager.copyItem(atPath: file, toPath: target)
        return target
    }

    /// All regular files below `directory` whose name ends with `suffix`, sorted.
    public static func files(in directory: String, endingWith suffix: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(suffix) { found.append(directory + "/" + relative) }
        }
        return found.sorted()
    }

    /// Writes text to a file, replacing it.
    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
