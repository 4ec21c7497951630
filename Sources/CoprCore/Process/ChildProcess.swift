import Foundation

/// A child we spawned as the leader of its own process group, from spawn to reap.
///
/// The leader is reaped exactly once, and last: until then its zombie keeps the group id
/// reserved, so a signal to the group never reaches a recycled id, even while processes
/// the leader left behind are being stopped.
final class ChildProcess: Sendable {
    /// The leader's pid, which is also the group's id.
    let pid: pid_t
    private let reaped = LockedValue<ProcessExit?>(nil)

    init(pid: pid_t) {
        self.pid = pid
    }

    /// Whether the leader has ended (it is not reaped by this).
    var leaderEnded: Bool {
        reaped.withLock { reaped in
            if reaped != nil { return true }
            var info = siginfo_t()
            let status = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            // ECHILD: not ours to wait for any more; nothing is left to supervise.
            return status == 0 ? info.si_signo == SIGCHLD : errno == ECHILD
        }
    }

    /// Whether any process of the group lives: the leader, or what it left behind.
    var groupIsAlive: Bool { !leaderEnded || ProcessTable().hasMembers(ofGroup: pid) }

    /// Sends `signal` to the whole group, unless the leader was reaped.
    func signalGroup(_ signal: Int32) {
        reaped.withLock { reaped in
            if reaped == nil { kill(-pid, signal) }
        }
    }

    /// Returns once the leader ended; a cancelled caller gets `CancellationError`.
    func waitForLeader() async throws {
        var pause = Duration.milliseconds(5)
        while !leaderEnded {
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(200))
        }
    }

    /// Returns once the leader ended, whether or not the caller was cancelled: the caller
    /// of a child it stopped still waits for it, so that nothing runs on unsupervised.
    func waitForLeaderIgnoringCancellation() async {
        var pause = Duration.milliseconds(5)
        while !leaderEnded {
            await Self.pause(pause)
            pause = min(pause * 2, .milliseconds(200))
        }
    }

    /// Reaps the leader, which has ended; returns how it ended.
    func reap() -> ProcessExit {
        reaped.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
            // Reaped by someone else (ECHILD): how it ended is lost; report a failure.
            let exit = result == pid ? ProcessExit(waitStatus: status) : .exited(255)
            reaped = exit
            return exit
        }
    }

    /// Stops the group: each signal of `escalation` while any process of it lives,
    /// telling `signalled` first, then up to `escalation.step` for the group to empty.
    /// Not cancellable: a cancelled caller still gets its child stopped.
    func stop(_ escalation: SignalEscalation, signalled: (@Sendable (Int32) -> Void)? = nil) async {
        for signal in escalation.signals {
            guard groupIsAlive else { return }
            signalled?(signal)
            signalGroup(signal)
            await waitForEmptyGroup(within: escalation.step, poll: .milliseconds(100))
        }
    }

    /// After the leader ended: whether processes of its group still live after `grace`
    /// (one that closed its output is given the time to actually exit).
    func leavesProcessesBehind(grace: Duration) async -> Bool {
        await waitForEmptyGroup(within: grace, poll: .milliseconds(50))
        return groupIsAlive
    }

    private func waitForEmptyGroup(within limit: Duration, poll: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while groupIsAlive, clock.now < deadline {
            await Self.pause(min(poll, deadline - clock.now))
        }
    }

    /// Sleeps even in a cancelled task.
    private static func pause(_ duration: Duration) async {
        await Task.detached { try? await Task.sleep(for: duration) }.value
    }
}
