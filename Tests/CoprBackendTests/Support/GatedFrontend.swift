import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Synchronization

/// A frontend in front of a real one (the stub or the embedded frontend, over HTTP) that
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

    func task(id taskID: String, sourceBuild: Bool) async throws -> [String: JSONValue]? {
        try await inner.task(id: taskID, sourceBuild: sourceBuild)
    }

    func startingBuild(_ job: [String: JSONValue]) async throws -> Bool {
        state.withLock { $0.starts.append(job["task_id"]?.stringValue ?? "?") }
        return try await inner.startingBuild(job)
    }

    func update(builds: [[String: JSONValue]]) async throws {
        try await inner.update(builds: builds)
        let ended = builds.filter { [0, 1].contains($0["status"]?.intValue) }.map { $0["task_id"]?.stringValue ?? "?" }
        state.withLock { $0.finalUpdates += ended }
    }

    func cancelRequests() async throws -> [String] {
        try await inner.cancelRequests()
    }

    func reportCanceled(taskID: String, wasRunning: Bool) async throws {
        try await inner.reportCanceled(taskID: taskID, wasRunning: wasRunning)
    }
}
