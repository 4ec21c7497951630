import CoprCore

/// The user's cancel of one task, usable from any task or signal handler.
///
/// `guarding` runs a step of the build in a child task and cancels it the moment
/// `cancel()` is called, whatever the step is waiting for (a host, an SSH command, a
/// sleep), so a cancel never waits for the next poll. The worker then cleans up in its
/// own, uncancelled context: remote cancel, host release and the final report.
///
/// A stop of the daemon is no cancel: the worker sees it as the service group's graceful
/// shutdown, and leaves the build for the next start.
public final class BuildInterrupt: Sendable {
    private struct State {
        var canceled = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = LockedValue(State())

    public init() {}

    public var isCanceled: Bool { state.value.canceled }

    /// Requests the cancel; safe to call more than once.
    public func cancel() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.canceled = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        woken.forEach { $0.resume() }
    }

    /// Runs `body`; throws `BuildCanceled` as soon as `cancel()` is called (at once when it
    /// was called before), after cancelling `body` (its child processes are killed).
    public func guarding<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if isCanceled { throw BuildCanceled() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                await self.waitForCancel()
                return nil
            }
            defer { group.cancelAll() }
            let first = try await group.next()!
            guard let value = first else { throw BuildCanceled() }
            return value
        }
    }

    /// Suspends until `cancel()` or until the calling task is cancelled.
    private func waitForCancel() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.canceled || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
