import Foundation

/// A build that ended failed not long ago, for operators looking at the farm: which task,
/// on which builder, and why. Cancels are left out; they are the users' doing.
public struct RecentFailure: Sendable, Equatable, Encodable {
    /// How many the dispatcher keeps, newest first.
    public static let kept = 20

    public var taskID: String
    /// `build`, `infrastructure`, `publishing`, `frontend`, `input` or `unexpected`.
    public var kind: String
    public var reason: String
    /// The builder of the last attempt, if any got one.
    public var builder: String?
    public var endedOn: Date

    public init(taskID: String, kind: String, reason: String, builder: String?, endedOn: Date) {
        self.taskID = taskID
        self.kind = kind
        self.reason = reason
        self.builder = builder
        self.endedOn = endedOn
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case kind, reason, builder
        case endedOn = "ended_on"
    }
}
