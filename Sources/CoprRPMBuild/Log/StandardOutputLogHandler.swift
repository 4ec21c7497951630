import CoprCore
import Foundation
import Logging

/// A swift-log handler that writes upstream's log line format
/// (`[time][LEVEL][PID:n] message`) straight to file descriptor 1, unbuffered, so the
/// lines interleave correctly with the output of child programs that share the same
/// descriptor (the pipe into the log filter in detached runs).
public struct StandardOutputLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level

    public init(label: String, level: Logger.Level = .info) {
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss,SSS"
        let level = event.level.rawValue.uppercased()
        let padded = String(repeating: " ", count: max(0, 6 - level.count)) + level
        let line = "[\(formatter.string(from: Date()))][\(padded)][PID:\(getpid())] \(event.message)\n"
        FileDescriptorWriter.standardOutput.write(line)
    }
}
