/// What the process layer does to a child's group on its own, told to
/// `ProcessRunner.report` so that the caller can log it: the builder agent's log shows
/// " !! Copr timeout => sending INT", as upstream's does.
public enum ProcessReport: Sendable, Equatable {
    /// The time limit passed; this signal goes to the whole group now.
    case deadlineSignal(Int32)
    /// The program ended but left processes running in its group; they are stopped now
    /// (only with `ProcessRunner.leftoverGrace`).
    case leftovers
}
