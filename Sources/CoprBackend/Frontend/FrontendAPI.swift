import CoprCore

/// The Copr backend API of a frontend: where tasks come from and
/// where every state change goes.
///
/// Implementations retry infrastructure trouble themselves (see `FrontendRetryPolicy`);
/// what they throw is final for that call: `FrontendError`.
public protocol FrontendAPI: Sendable {
    /// The full task record: `get-build-task/<task_id>` or, for source builds,
    /// `get-srpm-build-task/<build_id>`. Nil when the frontend answers `null` (the
    /// chroot is no longer enabled); `FrontendError.notFound` for a 404.
    func task(id taskID: String, sourceBuild: Bool) async throws -> [String: JSONValue]?

    /// `starting_build`: announces the task is about to run; false means the frontend
    /// forbids it (the build was cancelled or deleted).
    func startingBuild(_ job: [String: JSONValue]) async throws -> Bool

    /// `update`: reports the state of one or more tasks.
    func update(builds: [[String: JSONValue]]) async throws

    /// `pending-jobs`: the tasks the frontend wants built, in its order.
    func pendingJobs() async throws -> [JSONValue]

    /// `build-tasks/cancel-requests`: task ids users cancelled.
    func cancelRequests() async throws -> [String]

    /// `build-tasks/canceled/<id>`: confirms a cancel request; `wasRunning` tells the
    /// frontend whether a worker had the task.
    func reportCanceled(taskID: String, wasRunning: Bool) async throws
}
