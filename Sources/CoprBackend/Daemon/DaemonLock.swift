import Foundation

/// One daemon per state dir: an exclusive `flock` on `<state_dir>/daemon.lock`, held for
/// the life of the process (the kernel drops it when the process dies, even by SIGKILL).
public struct DaemonLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Another daemon holds the lock.
    public struct Held: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "another copr-backend daemon is running on this state dir (\(path) is locked); stop it first or use another [backend] state_dir"
        }
    }

    public static func acquire(stateDirectory: String) throws -> DaemonLock {
        let path = (stateDirectory as NSString).appendingPathComponent("daemon.lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PublishingError.cannotWrite(path, String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Held(path: path)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return DaemonLock(path: path, descriptor: fd)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
