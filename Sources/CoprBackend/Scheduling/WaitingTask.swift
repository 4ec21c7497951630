/// A task of the current cycle that is not running, and why: one entry of the `status`
/// command, encoded as `{"task_id", "priority", "waiting_for": {"limit", "count", "max"}}`.
public struct WaitingTask: Sendable, Equatable, Encodable {
    /// The limit that held the task back, with its count and maximum at that moment.
    public struct Reason: Sendable, Equatable, Encodable {
        /// A `WorkerLimit` name, or `builds_max_workers` for the global maximum.
        public var limit: String
        public var count: Int
        public var max: Int

        public init(limit: String, count: Int, max: Int) {
            self.limit = limit
            self.count = count
            self.max = max
        }
    }

    public var taskID: String
    public var priority: Int
    /// Nil while the task has not been considered yet in this cycle.
    public var waitingFor: Reason?

    public init(taskID: String, priority: Int, waitingFor: Reason?) {
        self.taskID = taskID
        self.priority = priority
        self.waitingFor = waitingFor
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case priority
        case waitingFor = "waiting_for"
    }

    /// Writes `"waiting_for": null` rather than leaving the key out, so readers see one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(priority, forKey: .priority)
        try container.encode(waitingFor, forKey: .waitingFor)
    }
}
