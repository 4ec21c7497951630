import CoprCore
import Foundation

/// An append-only log file shared by every logger that writes to it.
///
/// Lines are written whole under a lock with `O_APPEND`, so tasks and processes writing
/// the same file (worker.log) never interleave inside a line. The file is reopened by
/// path when it disappears (rotation, compression), which upstream's FileHandler misses.
public final class LogFile: Sendable {
    public let path: String
    private let descriptor = LockedValue<Int32>(-1)

    public init(path: String) {
        self.path = path
    }

    deinit {
        let fd = descriptor.value
        if fd >= 0 { Foundation.close(fd) }
    }

    public func write(_ line: String) {
        descriptor.withLock { fd in
            if fd >= 0, access(path, F_OK) != 0 {
                Foundation.close(fd)
                fd = -1
            }
            if fd < 0 {
                fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            }
            guard fd >= 0 else { return }
            var bytes = Array(line.utf8)
            if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
            _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Closes the file so it can be compressed or moved; a later write reopens it.
    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Foundation.close(fd) }
            fd = -1
        }
    }

    /// Python logging's `asctime`: `2026-11-29 01:02:03,123`, local time.
    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d,%03d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
