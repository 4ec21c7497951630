import CoprCore

/// The Copr backend API of a frontend: where tasks come from and where every state change
/// goes, in the task contract's types. `FrontendClient` speaks it over HTTP to any
/// frontend; the embedded frontend also answers it in the daemon's own process
/// (`InProcessFrontend`), with the same answers its HTTP routes give.
///
/// Implementations retry infrastructure trouble themselves (see `FrontendRetryPolicy`);
/// what they throw is final for that call: `FrontendError`.
public protocol FrontendAPI: Sendable {
    /// `pending-jobs`: the tasks the frontend wants built, in its order, each record as
    /// sent. The scheduler checks them itself, one at a time: a malformed record is
    /// skipped with its position, and a record listed again unchanged is not checked
    /// again, which keeps a cycle over a long queue short.
    func pendingJobs() async throws -> [JSONValue]

    /// The full record of `task` (`get-build-task/<task_id>`, or `get-srpm-build-task/<build_id>`
    /// for a source build). Nil when the frontend answers `null` (the chroot is no longer
    /// enabled); `FrontendError.notFound` when it does not know the task, and
    /// `FrontendError.invalidRecord` for a record the task contract refuses.
    func task(_ task: TaskID) async throws -> TaskRecord?

    /// `starting_build`: announces the task is about to run; false means the frontend
    /// forbids it (the build was cancelled or deleted).
    func startingBuild(_ report: JobReport) async throws -> Bool

    /// `update`: reports the state of one task.
    func update(_ report: JobReport) async throws

    /// `build-tasks/cancel-requests`: the tasks users cancelled.
    func cancelRequests() async throws -> [TaskID]

    /// `build-tasks/canceled/<task_id>`: confirms a cancel request; `wasRunning` tells
    /// the frontend whether a worker had the task.
    func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws
}
