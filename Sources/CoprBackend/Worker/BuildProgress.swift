import CoprCore
import Foundation

/// Where a build is now, for operators (`copr-backend status`), the metrics and the
/// journal. Every change is recorded in the journal before the worker goes on, so a
/// daemon that starts after a crash or a stop knows enough to take the build up where it
/// was: the lease, whether the remote build runs, how much of its log is here, and the
/// final report not yet delivered.
public final class BuildProgress: Sendable {
    /// The steps of `BuildWorker.process`, in order.
    public enum Phase: String, Sendable, Codable, Comparable, CaseIterable {
        case fetching
        case starting
        case waitingForRepository = "waiting-for-repository"
        case allocatingHost = "allocating-host"
        case checkingBuilder = "checking-builder"
        case building
        case downloading
        case publishing
        case reporting

        public static func < (lhs: Phase, rhs: Phase) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Everything the worker needs to resume the build; kept as JSON in the journal.
    public struct Snapshot: Sendable, Equatable, Codable {
        /// This run of the task, for the ids of its events.
        public var runID = UUID().uuidString.lowercased()
        public var phase: Phase = .fetching
        /// 1 for the first attempt on a builder.
        public var attempt = 0
        /// Hosts of the earlier, failed attempts.
        public var failedHosts: [String] = []
        /// The resalloc ticket of the current attempt, known before its host is.
        public var ticketID: Int?
        /// The builder of the current attempt, once allocated.
        public var lease: BuilderHost?
        /// The builder of the latest attempt, kept after the lease ends (build.info, events).
        public var builder: String?
        /// The detached build was started on `lease`.
        public var remoteBuildStarted = false
        /// Its process group on the builder, when the builder told.
        public var remoteProcessGroup: Int?
        /// The size of `builder-live.log` before this attempt's live log began: what is
        /// beyond it was received from the current builder.
        public var liveLogBase: Int?
        /// `running` went to the frontend and the start events out.
        public var runningReported = false
        /// When the build started running (the timeout counts from it).
        public var startedOn: Double?
        /// The final update, written before it is sent; delivered again after a restart.
        public var finalReport: JSONValue?
        /// The frontend has the final update.
        public var finalReportDelivered = false

        public init() {}

        /// The builder's address, for status and metrics.
        public var host: String? { lease?.hostname }
    }

    private let taskID: String
    private let state: LockedValue<Snapshot>
    private let enteredAt = LockedValue(ContinuousClock.now)
    private let metrics: BackendMetrics?
    private let journal: (any BuildJournal)?

    /// - Parameters:
    ///   - metrics: receives the time spent in every phase.
    ///   - journal: records every change under `taskID`.
    ///   - resumed: where an earlier daemon left the build.
    public init(taskID: String = "", metrics: BackendMetrics? = nil, journal: (any BuildJournal)? = nil, resumed: Snapshot = Snapshot()) {
        self.taskID = taskID
        self.metrics = metrics
        self.journal = journal
        state = LockedValue(resumed)
    }

    public var snapshot: Snapshot { state.value }

    /// True when a journal keeps the build for the next daemon, which may then take it up.
    var isJournaled: Bool { journal != nil }

    func enter(_ phase: Phase) async {
        let now = ContinuousClock.now
        let previous = state.withLock { snapshot in
            defer { snapshot.phase = phase }
            return snapshot.phase
        }
        let since = enteredAt.withLock { start in
            defer { start = now }
            return start
        }
        guard previous != phase else { return }
        metrics?.phaseEnded(previous, after: now - since)
        await save()
    }

    /// The frontend's record of the task arrived.
    func taskFetched(_ record: [String: JSONValue]) async {
        await journal?.record(taskID: taskID, taskRecord: record)
    }

    /// A new attempt begins after the attempts that failed on `failedHosts`.
    func beginAttempt(_ number: Int, failedHosts: [String]) async {
        await change {
            $0.attempt = number
            $0.failedHosts = failedHosts
            $0.lease = nil
            $0.ticketID = nil
            $0.remoteBuildStarted = false
            $0.remoteProcessGroup = nil
            $0.liveLogBase = nil
        }
    }

    /// A resalloc ticket was taken; its host is not known yet.
    func ticketTaken(_ ticketID: Int) async {
        await change { $0.ticketID = ticketID }
    }

    func onHost(_ host: BuilderHost) async {
        await change {
            $0.lease = host
            $0.ticketID = host.ticketID
            $0.builder = host.hostname
        }
    }

    func runningReported(startedOn: Double) async {
        await change {
            $0.runningReported = true
            $0.startedOn = startedOn
        }
    }

    func remoteBuildStarted(processGroup: Int?, liveLogBase: Int) async {
        await change {
            $0.remoteBuildStarted = true
            $0.remoteProcessGroup = processGroup
            $0.liveLogBase = liveLogBase
        }
    }

    /// The lease of the attempt was given back.
    func leftHost() async {
        await change {
            $0.lease = nil
            $0.ticketID = nil
            $0.remoteBuildStarted = false
        }
    }

    /// The final update is about to be sent.
    func finalReportPending(_ report: JSONValue) async {
        await change {
            $0.phase = .reporting
            $0.finalReport = report
        }
    }

    func finalReportDelivered() async {
        await change { $0.finalReportDelivered = true }
    }

    private func change(_ body: (inout Snapshot) -> Void) async {
        state.withLock { body(&$0) }
        await save()
    }

    private func save() async {
        await journal?.record(taskID: taskID, snapshot)
    }
}
