import CoprCore

/// Where the tasks a build waits on stand in the daemon's queue. The queue and the
/// scheduler's reasons live in the daemon, not in the store: `copr-backend run` gives
/// ``UserAPI`` one of these over its dispatcher (in the same process), so
/// `GET /api/builds/<id>` tells a user what a waiting task waits for. The frontend knows
/// only this protocol, not the daemon.
public protocol QueueReporter: Sendable {
    /// The places of those of `tasks` the daemon holds back; a task the daemon does not
    /// hold back (not fetched yet, or building) is absent.
    func places(of tasks: [TaskID]) async -> [TaskID: QueuePlace]
}

/// One waiting task as a user is told about it.
public struct QueuePlace: Sendable, Equatable {
    /// 1 for the next task to start; nil when the task has left the queue and waits for
    /// something else (a builder being allocated).
    public var position: Int?
    /// What it waits for, in words: a limit and its count, no free builder…
    public var waitingFor: String

    public init(position: Int?, waitingFor: String) {
        self.position = position
        self.waitingFor = waitingFor
    }
}
