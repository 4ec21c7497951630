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

    /// `pending-actions`: the waiting actions, oldest first, as `{id, priority, project_owner}`.
    public func pendingActions() async throws -> [JSONValue] {
        try await refusing { try await store.pendingActions() }
    }

    /// `pending-action-count`: how many actions wait, those behind a project delete too.
    public func pendingActionCount() async throws -> Int {
        try await refusing { try await store.waitingActionCount() }
    }

    /// `action/<id>`: the whole record of an action.
    public func action(id: Int) async throws -> JSONValue {
        try await refusing { try await store.actionRecord(id: id) }
    }

    /// `update` with `actions`: `[{"id": N, "result": 1|2, "message": "…"}]`, each read
    /// first (one that is malformed refuses them all), then applied.
    public func updateActions(_ actions: [JSONValue]) async throws -> FrontendStore.ActionUpdateSummary {
        try await refusing {
            let results = try actions.map { entry throws(InvalidField) -> (id: Int, result: ActionResult?, message: String?) in
                guard let id = entry["id"]?.intValue else {
                    throw InvalidField(field: "actions", reason: "each entry needs an integer id, found \(TaskRules.describe(entry))")
                }
                let result = entry["result"].flatMap { $0.isNull ? nil : $0 }
                guard result == nil || result?.intValue.flatMap(ActionResult.init(rawValue:)) != nil else {
                    throw InvalidField(field: "result", reason: "expected 0, 1 (success) or 2 (failure), found \(TaskRules.describe(result!))")
                }
                return (id, result?.intValue.flatMap(ActionResult.init(rawValue:)), entry["message"]?.stringValue)
            }
            return try await store.applyActionResults(results)
        }
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
