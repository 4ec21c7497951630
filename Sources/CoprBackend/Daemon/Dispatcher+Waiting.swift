extension Dispatcher {
    /// Where a task the daemon holds back stands, as a user is told.
    public struct WaitingPlace: Sendable, Equatable {
        /// 1 for the next task to start; nil for a running build still getting a builder.
        public var position: Int?
        /// What it waits for, in words.
        public var waitingFor: String
    }

    /// The places of `queued` tasks (with their positions) and of `running` builds, in words.
    static func waitingPlaces(
        queued: [(position: Int, task: WaitingTask)], running: [(taskID: String, phase: BuildPhase)]
    ) -> [String: WaitingPlace] {
        var places: [String: WaitingPlace] = [:]
        for (position, task) in queued {
            places[task.taskID] = WaitingPlace(position: position, waitingFor: task.waitingFor?.explanation ?? "the daemon's next cycle")
        }
        for build in running {
            if let waitingFor = waitingFor(build.phase) { places[build.taskID] = WaitingPlace(position: nil, waitingFor: waitingFor) }
        }
        return places
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
