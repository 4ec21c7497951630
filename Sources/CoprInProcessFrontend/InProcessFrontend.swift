import CoprBackend
import CoprCore
import CoprFrontend
import Logging

/// The embedded frontend's Copr backend API, called in the daemon's own process: the
/// dispatcher and the workers reach the store through ``BackendOperations``, the code
/// behind its HTTP routes, without HTTP, JSON text or the password. Builders still fetch
/// their task over HTTP from the frontend's `/backend/`.
///
/// It answers as `FrontendClient` does over HTTP: a refusal is the same `FrontendError`
/// (404 `notFound`, another 4xx `clientError` with the same body); an internal error of
/// the store, which the route answers with 500, is retried under `policy`, so that a final
/// report waits for a store that cannot write instead of being lost. The policy's request
/// timeout does not apply: no request crosses a network.
///
/// ```swift
/// let frontend = InProcessFrontend(store: store, layout: layout, policy: .dispatcher(configuration.timing), logger: logger)
/// let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: configuration.scheduling, logger: logger)
/// ```
///
/// Its own module, because it is the only code that sees both sides: `FrontendAPI`, its
/// errors and its retry policy belong to the backend; CoprFrontend does not depend on
/// the backend, and CoprCore, which the builder agent shares, carries neither.
public struct InProcessFrontend: FrontendAPI {
    private let operations: BackendOperations
    private let policy: FrontendRetryPolicy
    private let logger: Logger
    private let metrics: BackendMetrics?

    /// `layout` names the repositories of the results tree in task records, as the
    /// frontend's `/backend/` routes name them.
    public init(store: FrontendStore, layout: ResultsLayout, policy: FrontendRetryPolicy, logger: Logger, metrics: BackendMetrics? = nil) {
        operations = BackendOperations(store: store, layout: layout)
        self.policy = policy
        self.logger = logger
        self.metrics = metrics
    }

    public func pendingJobs() async throws -> [JSONValue] {
        try await call("pending-jobs") { try await $0.pendingJobs() }
    }

    public func task(_ task: TaskID) async throws -> TaskRecord? {
        let path = task.isSourceBuild ? "get-srpm-build-task/\(task.buildID)" : "get-build-task/\(task)"
        return try FrontendError.taskRecord(in: try await call(path) { try await $0.taskRecord(task) }, url: Self.place(path))
    }

    public func startingBuild(_ report: JobReport) async throws -> Bool {
        try await call("starting_build") { try await $0.startingBuild(.object(report.fields)) }
    }

    public func update(_ report: JobReport) async throws {
        _ = try await call("update") { try await $0.update([.object(report.fields)]) }
    }

    public func cancelRequests() async throws -> [TaskID] {
        let requests = try await call("build-tasks/cancel-requests") { try await $0.cancelRequests() }
        return TaskID.cancelRequests(in: requests.map(JSONValue.string), logger: logger)
    }

    /// The embedded frontend, like its route, has no use for `wasRunning`.
    public func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws {
        try await call("build-tasks/canceled/\(task)") { try await $0.canceled(task) }
    }

    /// One operation under the retry policy, its refusals turned into what an HTTP client
    /// would make of the route's answer.
    func call<Value>(_ path: String, _ operation: (BackendOperations) async throws -> Value) async throws -> Value {
        let place = Self.place(path)
        return try await policy.run(path, url: place, logger: logger, metrics: metrics) {
            do {
                return try await operation(operations)
            } catch let refusal as BackendAPIError {
                throw FrontendError(refusal: refusal.statusCode, url: place, body: refusal.body)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw RetryableFrontendFailure("the embedded frontend failed: \(error)")
            }
        }
    }

    /// Where an operation's errors say it went: the route it stands for.
    static func place(_ path: String) -> String { "in process: /backend/\(path)/" }
}
