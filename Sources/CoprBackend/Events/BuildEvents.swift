/// A moment in a task's life that other services follow.
public enum BuildEventKind: String, Sendable {
    case buildStart = "build.start"
    case chrootStart = "chroot.start"
    case buildEnd = "build.end"
}

/// One announced event with the state of the task at that moment.
public struct BuildEvent: Sendable {
    public var kind: BuildEventKind
    public var job: BuildJob
    /// The builder's address, nil before one was allocated.
    public var builder: String?
    /// Stable for this event of this run of the task, across daemon restarts (STOMP
    /// header `event-id`, `X-Copr-Event-Id`), so consumers can drop a repeated event.
    public var id: String

    /// - Parameter run: the id of this run of the task (`BuildProgress.Snapshot.runID`).
    public init(kind: BuildEventKind, job: BuildJob, builder: String?, run: String) {
        self.kind = kind
        self.job = job
        self.builder = builder
        id = "\(job.taskID)/\(run)/\(kind.rawValue)"
    }
}

/// Where the worker announces events. It never waits for delivery: an implementation
/// queues the event (`OutboxEventSink`) and returns.
public protocol BuildEventSink: Sendable {
    func announce(_ event: BuildEvent) async
}

/// Drops every event; for setups without a message bus.
public struct NoBuildEvents: BuildEventSink {
    public init() {}
    public func announce(_ event: BuildEvent) async {}
}
