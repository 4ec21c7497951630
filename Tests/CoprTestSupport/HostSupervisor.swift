import Foundation
import Glibc
import Subprocess
import Synchronization

/// The process that holds one test host: `unshare` with a private mount and pid
/// namespace, whose child (pid 1 inside) becomes the host's sshd listener.
///
/// `unshare --kill-child` makes the kernel SIGKILL the namespace's init when unshare
/// dies, and with it every process of the host (sessions, detached builds). unshare
/// ignores SIGTERM, so SIGKILL is the only way to stop it.
final class HostSupervisor: Sendable {
    /// The pid of `unshare` in our pid namespace.
    let pid: Int32
    private let exited: Task<Void, Never>
    private let exitFlag: ExitFlag

    /// Set by the task that waits for the process, once it has been reaped.
    private final class ExitFlag: Sendable {
        let value = Mutex(false)
    }

    private init(pid: Int32, exited: Task<Void, Never>, exitFlag: ExitFlag) {
        self.pid = pid
        self.exited = exited
        self.exitFlag = exitFlag
    }

    /// Whether the supervisor process has terminated.
    var hasExited: Bool { exitFlag.value.withLock { $0 } }

    /// Starts `/usr/bin/unshare` with `arguments`; output goes nowhere (sshd logs to a file).
    static func launch(_ arguments: [String]) async throws -> HostSupervisor {
        let flag = ExitFlag()
        let (pids, continuation) = AsyncStream<Int32>.makeStream()
        let task = Task {
            do {
                _ = try await Subprocess.run(
                    .path("/usr/bin/unshare"),
                    arguments: Arguments(arguments),
                    input: .none,
                    output: .discarded,
                    error: .discarded
                ) { execution in
                    continuation.yield(execution.processIdentifier.value)
                }
            } catch {
                // Spawning failed: `launch` reports it because no pid was yielded.
            }
            flag.value.withLock { $0 = true }
            continuation.finish()
        }
        for await pid in pids {
            return HostSupervisor(pid: pid, exited: task, exitFlag: flag)
        }
        throw TestSupportError.commandFailed(command: "unshare " + arguments.joined(separator: " "), status: -1, output: "could not spawn")
    }

    /// SIGKILLs the supervisor and waits until it has been reaped.
    func kill() async {
        if !hasExited {
            _ = Glibc.kill(pid, SIGKILL)
        }
        await exited.value
    }

    /// The host's sshd listener (the supervisor's only child), if it is running.
    var listenerPID: Int32? {
        ProcessTable.snapshot().children(of: pid).first
    }
}
