import CoprCore

extension BuildLifecycle {
    /// Applies `event` and answers what to do next. An event that means nothing in the
    /// current stage changes nothing.
    public mutating func handle(_ event: Event) -> Action {
        switch event {
        case .shutdown(let journaled):
            return stop(journaled: journaled)
        case .canceled:
            fail(Failure(.canceled, "Build was canceled"))
        case .failed(let failure):
            fail(failure)
        case .hostFailed(let reason, let untrusted):
            hostFailed(reason: reason, untrusted: untrusted)
        case .resumed:
            resume()
        case .taskRefused(let report):
            refuse(report)
        default:
            advance(event)
        }
        return nextAction
    }

    /// The step each event completes, in the order of a build.
    private mutating func advance(_ event: Event) {
        switch (stage, event) {
        case (.fetching, .taskFetched(let record)):
            taskRecord = record
            stage = .starting
        case (.fetching, .taskUnavailable(let reason)):
            stage = .ended(.taskUnavailable(reason))
        case (.fetching, .taskFetchRefused(let reason)):
            stage = .ended(.backendFailure(reason))
        case (.starting, .startAllowed):
            stage = .waitingForRepository
        case (.waitingForRepository, .repositoriesReady), (.closingTicket, .ticketClosed):
            stage = .allocating(ticket: nil)
        case (.allocating, .ticketTaken(let ticket)):
            stage = .allocating(ticket: ticket)
        case (.allocating, .hostGranted(let lease)):
            builder = lease.hostname
            stage = .checking(lease: lease)
        case (.reclaiming(_, let then), .hostReclaimed(let lease)):
            builder = lease.hostname
            switch then {
            case .checking: stage = .checking(lease: lease)
            case .building(let remote): stage = .building(lease: lease, remote: remote)
            case .downloading: stage = .downloading(lease: lease)
            case .releasing(let stop, let after, let log):
                stage = .releasing(lease: lease, stopRemoteBuild: stop, then: after, finishLogFrom: log)
            }
        case (.reclaiming(_, .releasing(_, let after, _)), .hostGone):
            proceed(after: after)
        case (.reclaiming, .hostGone):
            stage = .waitingForRepository
        case (.checking(let lease), .builderReady(let at)):
            startedOn = startedOn ?? at
            stage = .building(lease: lease, remote: .notStarted)
        case (.building(let lease, .notStarted), .remoteBuildStarted(let group, let base)),
             (.building(let lease, .maybeStarted), .remoteBuildStarted(let group, let base)):
            stage = .building(lease: lease, remote: .started(processGroup: group, logBase: base, confirmed: true))
        case (.building(let lease, .started(let group, let base, false)), .remoteBuildConfirmed):
            stage = .building(lease: lease, remote: .started(processGroup: group, logBase: base, confirmed: true))
        case (.building(let lease, .started(_, _, true)), .logEnded):
            stage = .downloading(lease: lease)
        case (.downloading(let lease), .resultsDownloaded):
            resultsDownloaded = true
            stage = .releasing(lease: lease, stopRemoteBuild: false, then: .publish)
        case (.releasing(_, _, let after, _), .released):
            proceed(after: after)
        case (.publishing, .published):
            stage = .finishing(nil)
        case (.finishing, .reportPrepared(let report)):
            stage = .reporting(report: report, announce: true)
        case (.reporting(let report, let announce), .reportDelivered):
            let status = report.report.status
            stage = announce ? .announcing(status) : .ended(.finished(status))
        case (.announcing(let status), .announced):
            stage = .ended(.finished(status))
        default:
            break
        }
    }

    /// The task record is unacceptable: the task fails at once with `report`. Only a
    /// build taken up after a restart is refused later than `starting` (its record no
    /// longer passes this daemon's rules); what it held is then not acted on any more.
    private mutating func refuse(_ report: JobReport) {
        switch stage {
        case .starting, .waitingForRepository, .closingTicket, .allocating, .reclaiming, .checking, .building, .downloading,
             .releasing, .publishing, .finishing:
            stage = .reporting(report: report, announce: false)
        case .fetching, .reporting, .announcing, .ended:
            break
        }
    }

    /// What follows a lease given back.
    private mutating func proceed(after: AfterRelease) {
        switch after {
        case .publish: stage = .publishing
        case .retry: stage = .waitingForRepository
        case .finish(let failure): stage = .finishing(failure)
        case .stop: stage = .ended(.leftForNextStart)
        }
    }

    /// A failure ends the build: a lease goes back first (stopping what may run there),
    /// then the final report. Once the report is decided, nothing fails it any more.
    private mutating func fail(_ failure: Failure) {
        switch stage {
        case .fetching:
            stage = .ended(failure.kind == .canceled ? .canceledBeforeStart : .backendFailure(failure.reason))
        case .starting, .waitingForRepository, .closingTicket, .allocating, .publishing:
            stage = .finishing(failure)
        case .reclaiming(_, .releasing(_, .finish, _)), .reclaiming(_, .releasing(_, .stop, _)):
            break
        case .reclaiming(let lease, .releasing(let stop, _, let log)):
            stage = .reclaiming(lease: lease, then: .releasing(stopRemoteBuild: stop, then: .finish(failure), finishLogFrom: log))
        case .reclaiming:
            // The lease was not confirmed ours again: nothing of it is stopped or given back.
            stage = .finishing(failure)
        case .building(let lease, let remote):
            // What the build prints as it is stopped (a cancel, its timeout) belongs in its log.
            stage = .releasing(lease: lease, stopRemoteBuild: true, then: .finish(failure), finishLogFrom: remote.logBase)
        case .checking(let lease), .downloading(let lease):
            stage = .releasing(lease: lease, stopRemoteBuild: false, then: .finish(failure))
        case .releasing(let lease, let stop, .publish, let log), .releasing(let lease, let stop, .retry, let log):
            stage = .releasing(lease: lease, stopRemoteBuild: stop, then: .finish(failure), finishLogFrom: log)
        case .releasing, .finishing, .reporting, .announcing, .ended:
            break
        }
    }

    /// The host failed: it goes back (not stopped there when untrusted) and another
    /// attempt follows while the budget allows. A failure before any host counts too.
    private mutating func hostFailed(reason: String, untrusted: Bool) {
        let onLease: BuilderHost?
        switch stage {
        case .checking(let lease), .building(let lease, _), .downloading(let lease):
            onLease = lease
        case .waitingForRepository, .closingTicket, .allocating:
            onLease = nil
        case .fetching, .starting, .reclaiming, .releasing, .publishing, .finishing, .reporting, .announcing, .ended:
            return
        }
        budget.recordFailure(on: onLease?.hostname)
        let after: AfterRelease = budget.exhausted.map {
            .finish(Failure(.infrastructure, "Giving up: \($0). Last error: \(reason)"))
        } ?? .retry
        if let onLease {
            stage = .releasing(lease: onLease, stopRemoteBuild: remoteBuildMayRun && !untrusted, then: after)
        } else {
            proceed(after: after)
        }
    }

    /// The daemon stops. With a journal the build stays exactly as it is, for the next
    /// start; without one nobody could take it up, so it is stopped and its lease given
    /// back.
    private mutating func stop(journaled: Bool) -> Action {
        if case .ended = stage { return nextAction }
        if journaled { return .leaveForNextStart }
        switch stage {
        case .releasing(let lease, let stop, _, let log):
            stage = .releasing(lease: lease, stopRemoteBuild: stop, then: .stop, finishLogFrom: log)
        case .checking(let lease), .building(let lease, _), .downloading(let lease):
            stage = .releasing(lease: lease, stopRemoteBuild: remoteBuildMayRun, then: .stop)
        default:
            stage = .ended(.leftForNextStart)
        }
        return nextAction
    }

    /// A detached build may run on the lease now: from its start command until its log
    /// ended. Only then is the builder's cancel command needed before the lease goes back.
    private var remoteBuildMayRun: Bool {
        if case .building = stage { return true }
        return false
    }

    /// A build taken up from the journal: a lease is confirmed before anything runs on
    /// it or it is given back, a ticket for a host never ready is closed, and a start
    /// that may have happened unrecorded is stopped before a new one.
    private mutating func resume() {
        switch stage {
        case .allocating(let ticket?):
            stage = .closingTicket(ticket)
        case .checking(let lease):
            stage = .reclaiming(lease: lease, then: .checking)
        case .building(let lease, .notStarted), .building(let lease, .maybeStarted):
            stage = .reclaiming(lease: lease, then: .building(.maybeStarted))
        case .building(let lease, .started(let group, let base, _)):
            stage = .reclaiming(lease: lease, then: .building(.started(processGroup: group, logBase: base, confirmed: false)))
        case .downloading(let lease):
            stage = .reclaiming(lease: lease, then: .downloading)
        case .releasing(let lease, let stop, let after, let log):
            stage = .reclaiming(lease: lease, then: .releasing(stopRemoteBuild: stop, then: after, finishLogFrom: log))
        case .fetching, .starting, .waitingForRepository, .closingTicket, .allocating(nil), .reclaiming, .publishing,
             .finishing, .reporting, .announcing, .ended:
            break
        }
    }
}
