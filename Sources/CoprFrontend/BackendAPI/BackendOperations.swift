import CoprCore

/// The Copr backend API on a ``FrontendStore`` without HTTP: what ``BackendAPI`` answers
/// under `/backend/`, for its routes and for a daemon in the same process, which calls
/// it directly. Both go through these operations, so both get the same records, the same
/// checks of what the backend reports, and the same refusals.
///
/// A refusal throws a ``BackendAPIError`` with the status and message the route answers
/// with; any other error is the frontend's own failure (the route's 500).
///
/// ```swift
/// let operations = BackendOperations(store: store, layout: layout)
/// let records = try await operations.pendingJobs()
/// let canStart = try await operations.startingBuild(job)
/// ```
public struct BackendOperations: Sendable {
    private let store: FrontendStore
    private let layout: ResultsLayout

    /// `layout` names the repositories of the results tree in task records.
    public init(store: FrontendStore, layout: ResultsLayout) {
        self.store = store
        self.layout = layout
    }

    /// `pending-jobs`: the short records of the tasks to build, in upstream's order.
    public func pendingJobs() async throws -> [JSONValue] {
        try await refusing { try await store.pendingTasks().map(TaskRecords.pending) }
    }

    /// `get-build-task` or `get-srpm-build-task`: the full record of `task`.
    public func taskRecord(_ task: TaskID) async throws -> JSONValue {
        try await refusing { TaskRecords.full(try await store.task(task), layout: layout) }
    }

    /// `starting_build`: `job` is read as the frontend reads any job dict
    /// (`TaskReport(json:)`); answers whether the worker may start the task.
    public func startingBuild(_ job: JSONValue) async throws -> Bool {
        try await refusing { try await store.startingBuild(try TaskReport(json: job)) }
    }

    /// `update`: every job dict is read first, and one that is refused refuses them all;
    /// then they are applied in order.
    public func update(_ jobs: [JSONValue]) async throws -> FrontendStore.UpdateSummary {
        try await refusing {
            let reports = try jobs.map { job throws(InvalidField) in try TaskReport(json: job) }
            return try await store.applyUpdates(reports)
        }
    }

    /// `build-tasks/cancel-requests`: the task ids users cancelled.
    public func cancelRequests() async throws -> [String] {
        try await refusing { try await store.cancelRequests() }
    }

    /// `build-tasks/canceled/<task_id>`: the backend handled the cancel request of `task`.
    public func canceled(_ task: TaskID) async throws {
        try await refusing { try await store.confirmCancel(task) }
    }

    /// `body`, with what the API refuses turned into its answer.
    private func refusing<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch {
            throw BackendAPIError(error) ?? error
        }
    }
}
