import CoprCore
import Foundation

/// Where a build is now, for operators (`copr-backend status`) and, later, the journal.
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
        /// 1 for the first attempt on a builder.
        public var attempt: Int
    }

    private let state = LockedValue(Snapshot(phase: .fetching, host: nil, attempt: 0))
    private let enteredAt = LockedValue(ContinuousClock.now)
    private let metrics: BackendMetrics?

    /// - Parameter metrics: receives the time spent in every phase.
    public init(metrics: BackendMetrics? = nil) {
        self.metrics = metrics
    }

    public var snapshot: Snapshot { state.value }

    func enter(_ phase: Phase) {
        let now = ContinuousClock.now
        let previous = state.withLock { snapshot in
            defer { snapshot.phase = phase }
            return snapshot.phase
        }
        let since = enteredAt.withLock { start in
            defer { start = now }
            return start
        }
        if previous != phase { metrics?.phaseEnded(previous, after: now - since) }
    }

    func beginAttempt(_ number: Int) {
        state.withLock {
            $0.attempt = number
            $0.host = nil
        }
    }

    func onHost(_ host: String) {
        state.withLock { $0.host = host }
    }
}
