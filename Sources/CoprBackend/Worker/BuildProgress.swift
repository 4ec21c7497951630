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

    public init() {}

    public var snapshot: Snapshot { state.value }

    func enter(_ phase: Phase) {
        state.withLock { $0.phase = phase }
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
