import CoprCore
import Foundation
import Logging

/// Follows the builder's live log into `builder-live.log`.
///
/// The log command prints the remote log from its beginning each time it connects;
/// after a dropped connection, or when a restarted daemon follows the same build again
/// (`alreadyReceived`), the follower skips the bytes it already has and appends only what
/// is new, so nothing received is ever lost or duplicated. Reconnects sleep
/// `ssh_retry_pause`; four failures close together (`SSHInstability`) give up on the host.
struct LiveLogFollower {
    let shell: any RemoteShell
    let command: String
    let logPath: String
    /// Bytes of this build's live log already in `logPath`, from before a restart.
    var alreadyReceived = 0
    let retryPause: Duration
    let instabilityWindow: Duration
    let logger: Logger

    /// Returns once the remote log ended; throws `InfrastructureFailure` when the log
    /// cannot be followed on this host.
    func follow() async throws {
        let sink = try LogSink(path: logPath, alreadyReceived: alreadyReceived)
        defer { sink.close() }
        var instability = SSHInstability(window: instabilityWindow)
        var connection = 1
        while true {
            logger.info("Downloading the builder-live.log file, attempt \(connection)")
            sink.beginConnection()
            do {
                let exit = try await shell.follow(command) { try sink.receive($0) }
                guard exit == 0 else {
                    throw InfrastructureFailure("\(command) shouldn't exit != 0 (exit code \(exit))")
                }
                return
            } catch let failure as SSHFailure {
                if case .hostKeyChanged = failure { throw failure }
                if instability.recordFailure() {
                    logger.error("Giving up for unstable SSH, failures: \(instability.failureCount)")
                    throw InfrastructureFailure("SSH problems when downloading live log: \(failure)")
                }
                logger.warning("SSH connection lost while following the live log, reconnecting in \(retryPause.seconds) s: \(failure)")
                try await Task.sleep(for: retryPause)
                connection += 1
            }
        }
    }

    /// Writes the local copy of the live log. Each connection sends the log from its
    /// beginning; only the bytes beyond what this attempt already wrote are appended.
    final class LogSink: Sendable {
        private struct State {
            var descriptor: Int32
            /// What this build's current builder sent, here before or since.
            var written: Int
            /// What the current connection sent so far.
            var received = 0
        }
        private let state: LockedValue<State>

        init(path: String, alreadyReceived: Int) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw BuildFailure("Can't write to \(path): \(String(cString: strerror(errno)))")
            }
            state = LockedValue(State(descriptor: descriptor, written: alreadyReceived))
        }

        func beginConnection() {
            state.withLock { $0.received = 0 }
        }

        func receive(_ chunk: [UInt8]) throws {
            try state.withLock { state in
                let skip = max(0, state.written - state.received)
                state.received += chunk.count
                guard skip < chunk.count else { return }
                try chunk[skip...].withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let count = write(state.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if count < 0, errno == EINTR { continue }
                        guard count > 0 else { throw BuildFailure("Can't write the live log: \(String(cString: strerror(errno)))") }
                        offset += count
                    }
                }
                state.written += chunk.count - skip
            }
        }

        func close() {
            state.withLock { state in
                if state.descriptor >= 0 { Foundation.close(state.descriptor) }
                state.descriptor = -1
            }
        }
    }
}
