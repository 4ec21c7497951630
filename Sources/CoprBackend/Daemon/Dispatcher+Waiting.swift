extension Dispatcher.Status {
    /// Every task the daemon holds back, by its task id: its position in the queue (1:
    /// the next to start) with what it waits for, and a running build still getting a
    /// builder, without a position.
    public var waitingTasks: [(taskID: String, position: Int?, waitingFor: String)] {
        let queued = queue.enumerated().map { index, task in
            (taskID: task.taskID, position: Optional(index + 1),
             waitingFor: task.waitingFor?.explanation ?? "the daemon's next cycle")
        }
        let allocating = running.filter { $0.phase < .checkingBuilder }.map { build in
            (taskID: build.taskID, position: Int?.none, waitingFor: "a builder, being allocated (\(build.phase.rawValue))")
        }
        return queued + allocating
    }
}
