import Foundation
import Logging

/// Writes a build's public `backend.log` in upstream's `build_log_format`:
/// `[<asctime>][<LEVEL padded to 6>][PID:<pid>] <message>`, INFO and above.
///
/// The file is published next to the results, so only the message is written: metadata
/// (error details, internal state) goes to worker.log alone, like upstream's
/// `LoggingPrivateFilter` strips tracebacks.
public struct BuildLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let file: LogFile

    public init(file: LogFile) {
        self.file = file
    }

    public func log(event: LogEvent) {
        let level = event.level.pythonName.padding(toLength: max(6, event.level.pythonName.count), withPad: " ", startingAt: 0)
        file.write("[\(LogFile.timestamp())][\(level)][PID:\(getpid())] \(event.message)")
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}

extension Logger.Level {
    /// The level names of Python's logging module, which operators' tools grep for.
    var pythonName: String {
        switch self {
        case .trace, .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    public init?(pythonName: String) {
        switch pythonName.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        case "critical": self = .critical
        default: return nil
        }
    }
}
