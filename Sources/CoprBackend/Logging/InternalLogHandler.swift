import Foundation
import Logging

/// The backend's internal log (worker.log, build_dispatcher.log): every detail an
/// operator needs to debug, in upstream's `log_format`
/// `[asctime][LEVEL][PID:pid][logger][file:function:line] message`, plus metadata such
/// as the task id and full error descriptions.
public struct InternalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let label: String
    private let file: LogFile
    private let mirrorToStandardError: Bool

    public init(label: String, file: LogFile, level: Logger.Level, mirrorToStandardError: Bool = false) {
        self.label = label
        self.file = file
        self.logLevel = level
        self.mirrorToStandardError = mirrorToStandardError
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let fileName = (event.file as NSString).lastPathComponent
        let line = "[\(LogFile.timestamp())][\(event.level.pythonName)][PID:\(getpid())][\(label)][\(fileName):\(event.function):\(event.line)] \(event.message)\(details)"
        file.write(line)
        if mirrorToStandardError {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
