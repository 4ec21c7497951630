/// What an action came to, as Copr numbers it (upstream's `BackendResultEnum`): the
/// frontend stores it, the backend reports success or failure through `update`. One
/// definition for the embedded frontend's action queue and the backend's action dispatcher.
public enum ActionResult: Int, Sendable, Codable {
    case waiting = 0
    case success = 1
    case failure = 2

    /// The metric label and the log word.
    public var name: String {
        switch self {
        case .waiting: "waiting"
        case .success: "success"
        case .failure: "failure"
        }
    }
}
