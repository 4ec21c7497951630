/// Copr's StatusEnum, as the frontend stores it.
public enum BuildStatus: Int, Sendable, Codable, CaseIterable {
    case failed = 0
    case succeeded = 1
    case canceled = 2
    case running = 3
    case pending = 4
    case skipped = 5
    case starting = 6
    case importing = 7
    case forked = 8
    case waiting = 9
    case unknown = 1000

    /// True for the two states every task must end in.
    public var isFinal: Bool { self == .failed || self == .succeeded }

    /// The upper-case name used in STOMP message bodies.
    public var messageName: String {
        switch self {
        case .failed: "FAILURE"
        case .succeeded: "SUCCEEDED"
        case .canceled: "CANCELED"
        case .running: "RUNNING"
        case .pending: "PENDING"
        case .skipped: "SKIPPED"
        case .starting: "STARTING"
        case .importing: "IMPORTING"
        case .forked: "FORKED"
        case .waiting: "WAITING"
        case .unknown: "UNKNOWN"
        }
    }
}
