extension WaitingTask.Reason {
    /// What the task waits for, in a user's words, with the limit's name for the operator:
    /// the global maximum means no builder is free for it.
    public var explanation: String {
        switch limit {
        case Scheduler.globalLimitName:
            "a free builder: all \(max) builds the daemon runs at once are running (\(limit))"
        case "blocked_users":
            "nothing: the owner's builds are blocked (\(limit))"
        default:
            "the limit \(limit): \(count) of \(max) builds it allows are running"
        }
    }
}
