extension Dispatcher.Status {
    /// Every task the daemon holds back, by its task id: its position in the queue (1:
    /// the next to start) with what it waits for, and a running build still getting a
    /// builder, without a position.
    public var waitingTasks: [(taskID: String, position: Int?, waitingFor: String)] {
        let queued = queue.enumerated().map { index, task in
            (taskID: task.taskID, position: Optional(index + 1),
             waitingFor: task.waitingFor?.explanation ?? "the daemon's next cycle")
        }
        let starting = running.compactMap { build in
            Self.waitingFor(build.phase).map { (taskID: build.taskID, position: Int?.none, waitingFor: $0) }
        }
        return queued + starting
    }

    /// What a build with a worker waits for before its builder is checked; nil from then on.
    private static func waitingFor(_ phase: BuildPhase) -> String? {
        switch phase {
        case .fetching, .starting: "its worker to start"
        case .waitingForRepository: "the project's repository to be ready"
        case .allocatingHost: "no builder free yet: waiting for one to be allocated"
        case .checkingBuilder, .building, .downloading, .releasingHost, .publishing, .reporting: nil
        }
    }
}
