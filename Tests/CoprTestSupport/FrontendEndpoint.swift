/// The frontend endpoints the backend uses, for fault injection and for
/// filtering recorded requests.
public enum FrontendEndpoint: Sendable, Hashable {
    case getBuildTask
    case getSRPMBuildTask
    case startingBuild
    case update
    case pendingJobs
    case cancelRequests
    case canceled
    /// Any request whose path starts with this prefix.
    case pathPrefix(String)
    /// Every request.
    case any

    /// Whether a request for `path` goes to this endpoint.
    public func matches(path: String) -> Bool {
        switch self {
        case .pathPrefix(let prefix): return path.hasPrefix(prefix)
        case .any: return true
        default: return Self(path: path) == self
        }
    }

    /// The endpoint a path under `/backend/` names, with or without trailing slash.
    init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.first == "backend", parts.count > 1 else { return nil }
        let rest = Array(parts.dropFirst())
        switch (rest[0], rest.count) {
        case ("get-build-task", 2): self = .getBuildTask
        case ("get-srpm-build-task", 2): self = .getSRPMBuildTask
        case ("starting_build", 1): self = .startingBuild
        case ("update", 1): self = .update
        case ("pending-jobs", 1): self = .pendingJobs
        case ("build-tasks", 2) where rest[1] == "cancel-requests": self = .cancelRequests
        case ("build-tasks", 3) where rest[1] == "canceled": self = .canceled
        default: return nil
        }
    }
}
