import CoprCore
import Foundation

/// Where a build is now, for operators (`copr-backend status`), the metrics and the
/// journal. Every change is recorded in the journal before the worker goes on, so after
/// a crash the next daemon knows which lease the build held.
public final class BuildProgress: Sendable {
    /// The steps of `BuildWorker.process`, in order.
    public enum Phase: String, Sendable, Codable {
        case fetching
        case starting
        case waitingForRepository = "waiting-for-repository"
        case allocatingHost = "allocating-host"
        case checkingBuilder = "checking-builder"
        case building
        case downloading
        case publishing
        case reporting
    }

    public struct Snapshot: Sendable, Equatable {
        public var phase: Phase
        /// The builder of the current attempt.
        public var host: String?
        /// The resalloc ticket of the current attempt.
        public var ticketID: Int?
        /// 1 for the first attempt on a builder.
        public var attempt: Int
    }

    private let taskID: String
    private let state = LockedValue(Snapshot(phase: .fetching, host: nil, ticketID: nil, attempt: 0))
    private let enteredAt = LockedValue(ContinuousClock.now)
    private let metrics: BackendMetrics?
    private let journal: (any BuildJournal)?

    /// - Parameters:
    ///   - metrics: receives the time spent in every phase.
    ///   - journal: records every change under `taskID`.
    public init(taskID: String = "", metrics: BackendMetrics? = nil, journal: (any BuildJournal)? = nil) {
        self.taskID = taskID
        self.metrics = metrics
        self.journal = journal
    }

    public var snapshot: Snapshot { state.value }

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
        await journal?.record(taskID: taskID, snapshot)
    }

    func beginAttempt(_ number: Int) async {
        state.withLock {
            $0.attempt = number
            $0.host = nil
            $0.ticketID = nil
        }
        await journal?.record(taskID: taskID, snapshot)
    }

    func onHost(_ host: BuilderHost) async {
        state.withLock {
            $0.host = host.hostname
            $0.ticketID = host.ticketID
        }
        await journal?.record(taskID: taskID, snapshot)
    }

    /// A resalloc ticket was taken; its host is not known yet.
    func ticketTaken(_ ticketID: Int) async {
        state.withLock { $0.ticketID = ticketID }
        await journal?.record(taskID: taskID, snapshot)
    }

    /// The lease of the attempt was given back.
    func leftHost() async {
        state.withLock {
            $0.host = nil
            $0.ticketID = nil
        }
        await journal?.record(taskID: taskID, snapshot)
    }
}
