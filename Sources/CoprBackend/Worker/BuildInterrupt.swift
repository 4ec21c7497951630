import CoprCore

/// The cancel switch of one task, usable from any task or signal handler.
///
/// `guarding` runs the build in a child task and cancels it the moment `cancel()` or
/// `shutDown()` is called, whatever the build is waiting for (a host, an SSH command, a
/// sleep), so an interrupt never waits for the next poll. The caller then cleans up in
/// its own, uncancelled context: remote cancel, host release and, for a cancel, the final
/// report.
public final class BuildInterrupt: Sendable {
    /// Why the build was interrupted.
    public enum Reason: Sendable, Equatable {
        /// The user cancelled the task: it ends `failed`.
        case canceled
        /// The backend stops: the task is given back unfinished, to be taken up again.
        case shutdown
    }

    private struct State {
        var reason: Reason?
        /// Set by `shutDown()` even after a cancel: the final report then stays in the
        /// journal instead of holding up the stop.
        var shuttingDown = false
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }

    private struct Waiter {
        var condition: @Sendable (State) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private let state = LockedValue(State())

    public init() {}

    public var reason: Reason? { state.value.reason }

    public var isCanceled: Bool { reason != nil }

    /// Requests the cancel; safe to call more than once.
    public func cancel() {
        interrupt(.canceled)
    }

    /// Stops the build without finishing it, because the backend stops.
    public func shutDown() {
        interrupt(.shutdown)
    }

    private func interrupt(_ reason: Reason) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.reason == nil { state.reason = reason }
            if reason == .shutdown { state.shuttingDown = true }
            let current = state
            let ready = state.waiters.filter { $0.value.condition(current) }
            for id in ready.keys { state.waiters.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
        woken.forEach { $0.resume() }
    }

    /// Runs `body`; throws `BuildCanceled` as soon as `cancel()` or `shutDown()` is
    /// called, after cancelling `body` (its child processes are killed).
    public func guarding<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await guarded(until: { $0.reason != nil }, body)
    }

    /// Runs `body`, which must go on after a cancel (the final report), but not after
    /// `shutDown()`: then it throws `BuildCanceled`.
    func guardingAgainstShutdown<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await guarded(until: { $0.shuttingDown }, body)
    }

    private func guarded<T: Sendable>(
        until condition: @escaping @Sendable (State) -> Bool, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        if condition(state.value) { throw BuildCanceled() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                await self.wait(until: condition)
                return nil
            }
            defer { group.cancelAll() }
            let first = try await group.next()!
            guard let value = first else { throw BuildCanceled() }
            return value
        }
    }

    /// Suspends until `condition` holds or the calling task is cancelled.
    private func wait(until condition: @escaping @Sendable (State) -> Bool) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if condition(state) || Task.isCancelled { return true }
                    state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }
}
