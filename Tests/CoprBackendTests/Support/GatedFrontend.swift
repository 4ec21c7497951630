import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Synchronization

/// A frontend in front of a real one (the stub over HTTP, or the embedded frontend in
/// process) that
/// records what the backend sent and can hold a `pending-jobs` answer: the list is fetched
/// from the real frontend at once, then given to the dispatcher only when the test
/// releases it, as a slow answer on a loaded machine would be.
final class GatedFrontend: FrontendAPI {
    private struct State {
        var holdNext = false
        var held: [JSONValue]?
        var released = false
        var fetches = 0
        var starts: [String] = []
        var finalUpdates: [String] = []
    }

    private let inner: any FrontendAPI
    private let state = Mutex(State())

    init(_ inner: any FrontendAPI) {
        self.inner = inner
    }

    /// The next `pending-jobs` answer waits for `release()`.
    func holdNextPendingJobs() {
        state.withLock {
            $0.holdNext = true
            $0.held = nil
            $0.released = false
        }
    }

    /// Waits until the held answer was fetched from the real frontend and returns it.
    func heldList() async throws -> [JSONValue] {
        var list: [JSONValue]?
        try await waitUntil("a held pending-jobs answer", timeout: .seconds(30)) {
            list = state.withLock { $0.held }
            return list != nil
        }
        return list ?? []
    }

    /// Gives the held answer to the dispatcher.
    func release() {
        state.withLock { $0.released = true }
    }

    /// How many `pending-jobs` answers the dispatcher has received.
    var fetches: Int { state.withLock { $0.fetches } }
    /// The task ids of every `starting_build`, in order.
    var starts: [String] { state.withLock { $0.starts } }
    /// The task ids of every final update (failed or succeeded), in order.
    var finalUpdates: [String] { state.withLock { $0.finalUpdates } }

    func pendingJobs() async throws -> [JSONValue] {
        let list = try await inner.pendingJobs()
        let hold = state.withLock { state -> Bool in
            guard state.holdNext else { return false }
            state.holdNext = false
            state.held = list
            return true
        }
        if hold {
            try await waitUntil("the test to release pending-jobs", timeout: .seconds(120)) {
                state.withLock { $0.released }
            }
        }
        state.withLock { $0.fetches += 1 }
        return list
    }

    func task(_ task: TaskID) async throws -> TaskRecord? {
        try await inner.task(task)
    }

    func startingBuild(_ report: JobReport) async throws -> Bool {
        state.withLock { $0.starts.append(report.report.task.description) }
        return try await inner.startingBuild(report)
    }

    func update(_ report: JobReport) async throws {
        try await inner.update(report)
        if [.failed, .succeeded].contains(report.report.status) {
            state.withLock { $0.finalUpdates.append(report.report.task.description) }
        }
    }

    func cancelRequests() async throws -> [TaskID] {
        try await inner.cancelRequests()
    }

    func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws {
        try await inner.reportCanceled(task, wasRunning: wasRunning)
    }
}
