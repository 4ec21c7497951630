import ArgumentParser
import CoprFrontend
import Foundation

/// A local file given to `build submit`, checked before anything is sent: it must be a
/// readable regular file, and a spec must name its sources by URL (``SpecSourceRule``,
/// the rule the upload route applies too).
enum LocalSource {
    /// Refuses a `path` that is missing, a directory or unreadable, naming `option`.
    static func check(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(option) \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw ValidationError(
                "\(option) \(path) is a directory; give the file itself (a .src.rpm: build one with rpmbuild -bs)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ValidationError("\(option) \(path) cannot be read by this user")
        }
    }

    /// ``check(_:option:)`` for `--spec`, then its sources.
    static func checkSpec(_ path: String) throws {
        try check(path, option: "--spec")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        do {
            try SpecSourceRule.check(text)
        } catch {
            throw ValidationError("--spec \(path): \(error.reason)")
        }
    }
}
