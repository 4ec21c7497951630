import CoprCore
import Foundation

/// The `loggify` process: reads the build's output from standard input until its end and
/// appends the filtered lines to the log file. Its exit therefore marks that the build's
/// last output is in the log.
public enum LogFilterLoop {
    public static func run(logFile: String) throws {
        let output = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw CoprRPMBuildError.missingFile(path: logFile, reason: String(cString: strerror(errno)))
        }
        defer { close(output) }
        // Signals meant for the build must not cut its log short; the end of input ends us.
        signal(SIGINT, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        let writer = FileDescriptorWriter(descriptor: output)
        var filter = LogFilter()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filter.feed(buffer[0..<count]).withUnsafeBytes { writer.write($0) }
        }
        filter.finish().withUnsafeBytes { writer.write($0) }
    }
}
