import CoprCore

extension BuildLifecycle {
    /// What happened, as the worker saw it carry out an action.
    public enum Event: Sendable, Equatable {
        /// A new daemon takes the build up from the journal.
        case resumed
        case taskFetched([String: JSONValue])
        /// The frontend answered `null` or 404: nothing to build.
        case taskUnavailable(String)
        /// The frontend refused the backend's request (a misconfigured backend).
        case taskFetchRefused(String)
        /// The record is unacceptable: the task fails at once with this report, without
        /// a result directory or events.
        case taskRefused(report: JobReport)
        case startAllowed
        case repositoriesReady
        case ticketClosed
        case ticketTaken(Int)
        case hostGranted(BuilderHost)
        /// After a restart, the provider confirmed the lease (possibly updated).
        case hostReclaimed(BuilderHost)
        /// After a restart, the lease is no longer this task's: another attempt, not
        /// counted as a failure (or, when it was being given back, what follows that).
        case hostGone
        /// The builder passed its checks and `running` went out at `startedOn`.
        case builderReady(startedOn: Double)
        case remoteBuildStarted(processGroup: Int?, logBase: Int)
        case remoteBuildConfirmed
        case logEnded
        case resultsDownloaded
        case released
        case published
        /// The build cannot succeed: it fails now.
        case failed(Failure)
        /// The builder or the connection failed; `untrusted` when the machine is not the
        /// one leased (a changed host key), so nothing more runs there.
        case hostFailed(reason: String, untrusted: Bool)
        case reportPrepared(JobReport)
        case reportDelivered
        case announced
        /// The user cancelled the task.
        case canceled
        /// The daemon stops; `journaled`: a next daemon will take the build up.
        case shutdown(journaled: Bool)
    }

    /// What the worker does next.
    public enum Action: Sendable, Equatable {
        case fetchTask
        case markStarting
        case waitForRepositories
        case closeTicket(Int)
        case allocateHost(avoiding: [String])
        case reclaim(BuilderHost)
        /// Checks the builder; `reportRunning` when `running` has not gone out yet.
        case checkBuilder(BuilderHost, reportRunning: Bool)
        case startRemoteBuild(BuilderHost, stopStrayBuildFirst: Bool)
        case confirmRemoteBuild(BuilderHost, processGroup: Int?)
        case followLog(BuilderHost, logBase: Int)
        case download(BuilderHost)
        /// Gives the lease back; `finishLogFrom`: see `Stage.releasing`.
        case release(BuilderHost, stopRemoteBuild: Bool, finishLogFrom: Int? = nil)
        case publish
        /// Writes the final report for `status`; `failure` says why it failed.
        case prepareReport(BuildStatus, failure: Failure?)
        case sendReport(JobReport)
        /// `build.end`, after the start pair when `running` never went out.
        case announceEnd(BuildStatus, announceStart: Bool)
        /// The daemon stops: the build stays as it is for the next start.
        case leaveForNextStart
        case finish(BuildOutcome)
    }

    /// What the current stage asks for; also where a build taken up from the journal
    /// goes on after `.resumed`.
    public var nextAction: Action {
        switch stage {
        case .fetching: .fetchTask
        case .starting: .markStarting
        case .waitingForRepository: .waitForRepositories
        case .closingTicket(let ticket): .closeTicket(ticket)
        case .allocating: .allocateHost(avoiding: budget.hosts)
        case .reclaiming(let lease, _): .reclaim(lease)
        case .checking(let lease): .checkBuilder(lease, reportRunning: !runningReported)
        case .building(let lease, .notStarted): .startRemoteBuild(lease, stopStrayBuildFirst: false)
        case .building(let lease, .maybeStarted): .startRemoteBuild(lease, stopStrayBuildFirst: true)
        case .building(let lease, .started(let group, _, false)): .confirmRemoteBuild(lease, processGroup: group)
        case .building(let lease, .started(_, let base, true)): .followLog(lease, logBase: base)
        case .downloading(let lease): .download(lease)
        case .releasing(let lease, let stop, _, let log): .release(lease, stopRemoteBuild: stop, finishLogFrom: log)
        case .publishing: .publish
        case .finishing(let failure): .prepareReport(failure == nil ? .succeeded : .failed, failure: failure)
        case .reporting(let report, _): .sendReport(report)
        case .announcing(let status): .announceEnd(status, announceStart: !runningReported)
        case .ended(let outcome): .finish(outcome)
        }
    }
}
