import Foundation
import Logging

/// The exclusive lock on `lockfile` that lets only one build run on a builder at a time
/// (upstream's `lockf`). A second build waits, polling without blocking a thread, and
/// logs that it waits. The lock is released when the process ends.
public final class BuildLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Waits for the lock; it is held until ``release()`` or the end of the process.
    ///
    /// The wait has no limit, as upstream's: the build ahead ends by itself (its own
    /// timeout) or is cancelled by the backend, which also cancels this one if it waits
    /// too long.
    public static func acquire(path: String, pollInterval: Duration, logger: Logger) async throws -> BuildLock {
        try Directories.ensure((path as NSString).deletingLastPathComponent)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CoprRPMBuildError.missingFile(path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        var announced = false
        while lockf(descriptor, F_TLOCK, 0) != 0 {
            guard errno == EACCES || errno == EAGAIN || errno == EINTR else {
                close(descriptor)
                throw CoprRPMBuildError.missingFile(path: path, reason: "cannot lock: \(String(cString: strerror(errno)))")
            }
            if !announced {
                logger.info("Waiting for the lock \(path): another build runs on this builder")
                announced = true
            }
            try await Task.sleep(for: pollInterval)
        }
        return BuildLock(descriptor: descriptor)
    }

    /// Releases the lock.
    public func release() {
        _ = lockf(descriptor, F_ULOCK, 0)
        close(descriptor)
    }
}
