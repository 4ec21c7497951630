import CoprCore
import Foundation
import Logging

/// Follows the builder's live log into `builder-live.log` (reference §5.4, improved).
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
            let have = sink.receivedThisAttempt
            let received = LockedValue(0)
            do {
                let exit = try await shell.follow(command) { chunk in
                    let skip = max(0, have - received.value)
                    received.withLock { $0 += chunk.count }
                    if skip < chunk.count { try sink.append(chunk.dropFirst(skip)) }
                }
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

    /// Writes the local copy of the live log; counts what this attempt received.
    final class LogSink: Sendable {
        private let handle: FileHandle
        private let count: LockedValue<Int>

        init(path: String, alreadyReceived: Int) throws {
            count = LockedValue(alreadyReceived)
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw BuildFailure("Can't write to \(path)")
            }
            handle.seekToEndOfFile()
            self.handle = handle
        }

        /// What this build's current builder sent, here before or since.
        var receivedThisAttempt: Int { count.value }

        func append(_ bytes: ArraySlice<UInt8>) throws {
            try handle.write(contentsOf: Data(bytes))
            count.withLock { $0 += bytes.count }
        }

        func close() { try? handle.close() }
    }
}
