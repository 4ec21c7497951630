import CoprCore
import Dispatch
import Foundation
import Hummingbird

/// Reads the decompressed content of a gzip file (a log the backend compressed after the
/// build) from a `gzip -dc` child, one chunk at a time as the consumer asks for it.
///
/// Nothing is decompressed ahead of the consumer: the child blocks on its full pipe while
/// a slow HTTP client is being written to, so serving a log of gigabytes holds one chunk
/// in memory. The frontend target has no zlib binding; gzip is on every backend host
/// anyway (the backend compresses the logs with it). `ProcessRunner` does not fit here:
/// its output arrives through callbacks that cannot wait for the consumer.
struct GzipReader: Sendable {
    /// The size of one read from the child's pipe.
    static let chunkSize = 64 * 1024

    /// The compressed file.
    let path: String

    /// Calls `consume` with each chunk of the decompressed content, in order, until the
    /// end or until `consume` returns false; then stops and reaps the child. Throws
    /// `POSIXError(.ENOENT)` when the file does not exist, and ``GzipReader/Failure`` when
    /// gzip cannot run or finds the file corrupt.
    func forEachChunk(_ consume: (ByteBuffer) async throws -> Bool) async throws {
        let child = try Child.spawn(decompressing: path)
        do {
            while let chunk = try await child.nextChunk(upTo: Self.chunkSize) {
                guard try await consume(chunk) else {
                    await child.stop()
                    return
                }
            }
        } catch {
            await child.stop()
            throw error
        }
        let status = await child.exit()
        // gzip exits 2 for a warning (trailing garbage after the data), which the
        // backend's own compression step accepts too.
        guard status == 0 || status == 2 else { throw Failure(path: path, status: status) }
    }

    /// gzip could not start or did not decompress the whole file.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        /// The wait status of the child, or -1 when it could not start.
        var status: Int32
        var reason: String = ""

        var description: String {
            status < 0
                ? "cannot run gzip -dc on \(path): \(reason)"
                : "gzip -dc \(path) failed (wait status \(status)): the file is corrupt or truncated"
        }
    }

    /// The running `gzip -dc`: its standard input is the file, its standard output a pipe
    /// read here. Blocking reads and the final wait run on Dispatch's threads, never on
    /// the cooperative pool; one child is only ever used by one task.
    private final class Child: Sendable {
        private let pid: pid_t
        private let output: Int32

        private init(pid: pid_t, output: Int32) {
            self.pid = pid
            self.output = output
        }

        static func spawn(decompressing path: String) throws -> Child {
            let input = open(path, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            defer { close(input) }
            var pipeEnds: [Int32] = [-1, -1]
            guard pipe(&pipeEnds) == 0 else { throw Failure(path: path, status: -1, reason: String(cString: strerror(errno))) }
            let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
            _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
            defer { close(writeEnd) }

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, input, 0)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

            // The server ignores SIGPIPE; gzip must die of it when the reader stops early.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t(), allSignals = sigset_t()
            sigemptyset(&noSignals)
            sigfillset(&allSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

            let arguments: [String] = ["gzip", "-dc"]
            let argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let status = posix_spawnp(&pid, "gzip", &actions, &attributes, argv, environ)
            guard status == 0 else {
                close(readEnd)
                throw Failure(path: path, status: -1, reason: String(cString: strerror(status)))
            }
            return Child(pid: pid, output: readEnd)
        }

        /// The next chunk of output, or nil at its end.
        func nextChunk(upTo count: Int) async throws -> ByteBuffer? {
            let output = self.output
            return try await Self.blocking {
                var chunk = ByteBufferAllocator().buffer(capacity: count)
                while true {
                    var result = 0, error: Int32 = 0
                    chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                        result = read(output, bytes.baseAddress, count)
                        error = errno
                        return max(result, 0)
                    }
                    if result > 0 { return chunk }
                    if result == 0 { return nil }
                    if error != EINTR { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO) }
                }
            }
        }

        /// Stops a child whose output is no longer wanted, and reaps it.
        func stop() async {
            kill(pid, SIGKILL)
            _ = await exit()
        }

        /// Closes the pipe and waits for the child's exit; returns its wait status.
        func exit() async -> Int32 {
            close(output)
            let pid = self.pid
            return (try? await Self.blocking {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                return status
            }) ?? -1
        }

        private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result(catching: work))
                }
            }
        }
    }
}
