import CoprCore
import GRDB

/// Copr's StatusEnum as the frontend stores and judges it.
extension BuildStatus: DatabaseValueConvertible {
    /// A task in a terminal state never changes again: a late `running` after
    /// `succeeded`, or a worker's `failed` after the user's cancel, is ignored.
    public var isTerminal: Bool {
        switch self {
        case .failed, .succeeded, .canceled, .skipped: true
        case .running, .pending, .starting, .importing, .forked, .waiting, .unknown: false
        }
    }

    /// The states in which the backend should work on the task (`pending-jobs`): pending,
    /// and starting or running so that the tasks of a crashed worker are taken up again.
    public var wantsWorker: Bool { self == .pending || self == .starting || self == .running }

    /// Upstream's lower-case name (`succeeded`), as users see it.
    public var name: String { String(describing: self) }
}
