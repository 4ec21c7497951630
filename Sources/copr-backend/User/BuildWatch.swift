/// What `build watch` and `build submit --wait` print, as a plain value: fed each
/// snapshot of the build in turn, it answers the lines to print (one per task whose
/// state, queue place or reason changed since the last snapshot) and the tasks whose log
/// explains a failure. No I/O and no clock: the command polls, prints and fetches logs.
struct BuildWatch {
    /// What one snapshot brought.
    struct Step: Equatable {
        var lines: [String]
        /// Tasks that have just failed and whose own log tells why, in order. A chroot that
        /// failed because its source build did never ran: the source build's log is named.
        var failedLogs: [String]
        /// The build has ended: the last step.
        var ended: Bool
    }

    private var shown: [String: String] = [:]
    private var buildState: String?
    private let describe: TaskDescription

    init(describe: TaskDescription) {
        self.describe = describe
    }

    mutating func observe(_ build: BuildSnapshot) -> Step {
        var lines: [String] = []
        var failedLogs: [String] = []
        let sourceFailed = build.tasks.first(where: \.isSourceBuild)?.state == "failed"
        for task in build.tasks {
            // The text without times that move on their own ("for 12 s") decides whether it changed.
            let key = [task.state, task.queuePosition.map(String.init) ?? "", task.waitingFor ?? ""].joined(separator: "|")
            guard shown[task.name] != key else { continue }
            let before = shown[task.name]
            shown[task.name] = key
            lines.append("\(task.name): \(describe.describe(task))")
            let newlyFailed = task.state == "failed" && before?.hasPrefix("failed|") != true
            if newlyFailed && (task.isSourceBuild || !sourceFailed) { failedLogs.append(task.name) }
        }
        if buildState != build.state, build.hasEnded {
            lines.append("Build \(build.id) \(build.state)")
        }
        buildState = build.state
        return Step(lines: lines, failedLogs: failedLogs, ended: build.hasEnded)
    }
}
