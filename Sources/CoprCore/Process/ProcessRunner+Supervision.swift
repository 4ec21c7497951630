extension ProcessRunner {
    /// Runs `output` (the reading of the child's pipes, to their end) and waits for the
    /// leader, within `timeout`; then stops what the leader left behind if `leftoverGrace`
    /// says so, and reaps the leader last. Returns what `output` returned and how the
    /// leader ended.
    ///
    /// When the time passes, the group is stopped with `stop` while its output is still
    /// read (what a program prints on SIGINT belongs in the log), and `ProcessTimedOut` is
    /// thrown. When the caller is cancelled, or `output` fails, the group is stopped the same
    /// way and the error goes up once the leader has ended.
    func supervise<T: Sendable>(
        _ child: ChildProcess, command: String, timeout: Duration?, output: @escaping @Sendable () async throws -> T
    ) async throws -> (T, ProcessExit) {
        let run: Supervised<T>
        if let timeout {
            run = await supervise(child, timeout: timeout, output: output)
        } else {
            // No deadline: no task of its own either (a thousand live-log follows).
            run = Supervised(result: await Self.outputAndLeader(child, output), timedOut: false)
        }
        switch run.result {
        case .success(let value):
            if let grace = leftoverGrace, await child.leavesProcessesBehind(grace: grace) {
                report?(.leftovers)
                await child.stop(.terminate(grace: stop.step))
            }
            let exit = child.reap()
            if run.timedOut, let timeout { throw ProcessTimedOut(command: command, timeout: timeout) }
            if Task.isCancelled { throw CancellationError() }
            return (value, exit)
        case .failure(let error):
            await child.stop(stop)
            await child.waitForLeaderIgnoringCancellation()
            _ = child.reap()
            if run.timedOut, let timeout { throw ProcessTimedOut(command: command, timeout: timeout) }
            throw error
        }
    }

    private struct Supervised<T: Sendable>: Sendable {
        var result: Result<T, any Error>
        var timedOut: Bool
    }

    private enum Step<T: Sendable>: Sendable {
        case ended(Result<T, any Error>)
        case deadlinePassed
        case stopped
        case nothing
    }

    /// The output and the leader's end raced against the deadline.
    private func supervise<T: Sendable>(
        _ child: ChildProcess, timeout: Duration, output: @escaping @Sendable () async throws -> T
    ) async -> Supervised<T> {
        let stop = self.stop
        let report = self.report
        return await withTaskGroup(of: Step<T>.self) { group in
            group.addTask { .ended(await Self.outputAndLeader(child, output)) }
            group.addTask {
                (try? await Task.sleep(for: timeout)) == nil ? .nothing : .deadlinePassed
            }
            var ended: Result<T, any Error> = .failure(CancellationError())
            var timedOut = false
            for await step in group {
                switch step {
                case .ended(let result):
                    ended = result
                    group.cancelAll()
                case .deadlinePassed:
                    timedOut = true
                    group.addTask {
                        await child.stop(stop) { report?(.deadlineSignal($0)) }
                        // The group is gone and the end of its output follows at once, unless
                        // a process that left the group holds the pipe: that one must not
                        // hold the caller too.
                        try? await Task.sleep(for: stop.step)
                        return .stopped
                    }
                case .stopped:
                    group.cancelAll()
                case .nothing:
                    break
                }
            }
            return Supervised(result: ended, timedOut: timedOut)
        }
    }

    private static func outputAndLeader<T: Sendable>(
        _ child: ChildProcess, _ output: @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        do {
            let value = try await output()
            try await child.waitForLeader()
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
