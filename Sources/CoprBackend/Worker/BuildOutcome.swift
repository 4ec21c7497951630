import CoprCore

/// How a worker ended, for the dispatcher.
public enum BuildOutcome: Sendable, Equatable, Codable {
    /// The task reached a final state, reported to the frontend.
    case finished(BuildStatus)
    /// The frontend has no such task (404) or answers `null`; nothing was done.
    case taskUnavailable(String)
    /// Cancelled before the task record arrived; nothing to report.
    case canceledBeforeStart
    /// The frontend refused the backend's request for the record (wrong password, wrong
    /// URL): the backend is misconfigured; nothing was done.
    case backendFailure(String)
    /// The backend stops: the build is left as it is (remote build running, lease kept,
    /// final report undelivered) for the next daemon, which takes it up from the journal.
    case leftForNextStart
}
