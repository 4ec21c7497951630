import Foundation
import Logging

/// What a backend process needs before it can do anything: a usable destdir, the log
/// and state directories, and its internal logger.
public enum BackendEnvironment {
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks the directories and returns the logger writing `<log_dir>/<logName>.log`.
    public static func prepare(_ configuration: BackendConfiguration, logName: String) throws -> Logger {
        let backend = configuration.backend
        let files = FileManager.default
        for (name, path) in [("log_dir", backend.logDir), ("state_dir", backend.stateDir)] {
            do {
                try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw Unusable(description: "cannot create [backend] \(name) \(path): \(error.localizedDescription)")
            }
        }
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: backend.destdir, isDirectory: &isDirectory), isDirectory.boolValue,
              files.isWritableFile(atPath: backend.destdir)
        else {
            throw Unusable(description: "[backend] destdir \(backend.destdir) is not a writable directory")
        }
        let file = LogFile(path: (backend.logDir as NSString).appendingPathComponent("\(logName).log"))
        let level = Logger.Level(pythonName: backend.logLevel) ?? .info
        return Logger(label: logName) { label in
            InternalLogHandler(label: label, file: file, level: level)
        }
    }
}
