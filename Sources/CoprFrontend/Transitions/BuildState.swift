import CoprCore

/// A build and its chroots as a plain value, with one mutating function per event of the
/// backend API and the user's cancel. This is the Copr frontend's `update_state_from_dict`
/// and `cancel_build` without I/O: ``FrontendStore`` loads the value, applies the event
/// and writes it back in the same transaction.
struct BuildState: Equatable {
    /// What an `update` report did to the build.
    enum UpdateOutcome: Equatable {
        /// The report names a chroot the build does not have.
        case unknownTask
        /// Applied (or ignored, for a task already in a terminal state); `newWork` when
        /// RPM tasks became pending.
        case applied(newWork: Bool)
    }

    var build: Build
    /// Ordered by chroot name.
    var chroots: [BuildChroot]

    /// Whether every task (the source build and each chroot) is in a terminal state.
    var hasEnded: Bool {
        build.sourceStatus.isTerminal && chroots.allSatisfy(\.status.isTerminal)
    }

    /// `starting_build`: false (the worker must not start) when the task is unknown, has
    /// ended, the build was cancelled or a cancel request for the task waits; otherwise the
    /// task is `starting` with its `started_on`. Upstream's frontend lets an ended task
    /// start again; here an ended task is never built twice, whatever the backend does.
    mutating func start(_ report: TaskReport, cancelRequested: Bool, now: Double) -> Bool {
        guard !build.canceled, !cancelRequested else {
            // A worker that raced the cancel: the task ends canceled, whatever it was doing.
            cancelTask(report.task, now: now)
            return false
        }
        switch report.task {
        case .source:
            guard !build.sourceStatus.isTerminal else { return false }
            build.sourceStatus = .starting
            build.startedOn = report.startedOn ?? now
        case .rpm(_, let chroot):
            guard let index = chroots.firstIndex(where: { $0.chroot == chroot }) else { return false }
            guard !chroots[index].status.isTerminal else { return false }
            chroots[index].status = .starting
            chroots[index].startedOn = report.startedOn ?? now
            if let resultDir = report.resultDir { chroots[index].resultDir = resultDir }
        }
        return true
    }

    /// `update`: applies one report. Terminal states are final. A succeeded source build
    /// records the package and makes the chroots pending; a failed or skipped one ends
    /// every chroot that has not ended with the same state.
    mutating func apply(_ report: TaskReport, now: Double) -> UpdateOutcome {
        switch report.task {
        case .source:
            if let resultDir = report.resultDir { build.sourceResultDir = resultDir }
            guard !build.sourceStatus.isTerminal else { return .applied(newWork: false) }
            switch report.status {
            case .starting, .running:
                build.sourceStatus = report.status
                if let startedOn = report.startedOn { build.startedOn = startedOn }
                return .applied(newWork: false)
            case .succeeded:
                build.sourceStatus = .succeeded
                build.endedOn = report.endedOn ?? now
                build.packageName = report.packageName ?? build.packageName
                build.packageVersion = report.packageVersion ?? build.packageVersion
                build.srpmURL = report.srpmURL ?? build.srpmURL
                var newWork = false
                for index in chroots.indices where chroots[index].status == .waiting {
                    chroots[index].status = .pending
                    newWork = true
                }
                return .applied(newWork: newWork)
            case .failed, .skipped, .canceled:
                build.sourceStatus = report.status
                let endedOn = report.endedOn ?? now
                build.endedOn = endedOn
                for index in chroots.indices where !chroots[index].status.isTerminal {
                    chroots[index].status = report.status
                    chroots[index].endedOn = endedOn
                }
                return .applied(newWork: false)
            case .pending, .importing, .forked, .waiting, .unknown:
                // Frontend-side states: the backend has no say in them.
                return .applied(newWork: false)
            }
        case .rpm(_, let chroot):
            guard let index = chroots.firstIndex(where: { $0.chroot == chroot }) else { return .unknownTask }
            if let resultDir = report.resultDir { chroots[index].resultDir = resultDir }
            guard !chroots[index].status.isTerminal else { return .applied(newWork: false) }
            switch report.status {
            case .starting, .running:
                chroots[index].status = report.status
                if let startedOn = report.startedOn { chroots[index].startedOn = startedOn }
            case .succeeded, .failed, .skipped, .canceled:
                chroots[index].status = report.status
                chroots[index].endedOn = report.endedOn ?? now
                if chroots[index].startedOn == nil { chroots[index].startedOn = report.startedOn }
            case .pending, .importing, .forked, .waiting, .unknown:
                break
            }
            return .applied(newWork: false)
        }
    }

    /// The user cancels the build: every task not yet ended ends `canceled`. Returns
    /// those tasks (the backend is asked to stop them); empty when everything had ended.
    /// A `forked` task is no build but a copy the fork action makes: only its result ends it.
    mutating func cancel(now: Double) -> [TaskID] {
        let cancellable = { (status: BuildStatus) in !status.isTerminal && status != .forked }
        var canceled: [TaskID] = []
        if cancellable(build.sourceStatus) { canceled.append(.source(buildID: build.id)) }
        canceled += chroots.filter { cancellable($0.status) }.map(\.taskID)
        guard !canceled.isEmpty else { return [] }
        build.canceled = true
        for task in canceled { cancelTask(task, now: now) }
        return canceled
    }

    /// The task ends `canceled` unless it already ended. A task that never ran (still
    /// `starting`, waiting for a builder) loses the `started_on` of its `starting_build`,
    /// so that nobody reads it as a run.
    mutating func cancelTask(_ task: TaskID, now: Double) {
        switch task {
        case .source:
            guard !build.sourceStatus.isTerminal else { return }
            if build.sourceStatus != .running { build.startedOn = nil }
            build.sourceStatus = .canceled
            build.endedOn = now
        case .rpm(_, let chroot):
            guard let index = chroots.firstIndex(where: { $0.chroot == chroot }),
                  !chroots[index].status.isTerminal
            else { return }
            if chroots[index].status != .running { chroots[index].startedOn = nil }
            chroots[index].status = .canceled
            chroots[index].endedOn = now
        }
    }

    /// Whether the build has the task.
    func contains(_ task: TaskID) -> Bool {
        guard let chroot = task.chroot else { return true }
        return chroots.contains { $0.chroot == chroot }
    }
}
