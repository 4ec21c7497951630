/// The builder or the connection to it failed: release the host and try the task on
/// another one (within the attempt budget).
public struct InfrastructureFailure: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The build cannot succeed (bad sources, a refused task, a publishing problem, the
/// timeout): fail it now, with the reason in backend.log.
public struct BuildFailure: Error, CustomStringConvertible, Sendable {
    public var reason: String
    /// The attempt budget ran out on broken builders (an infrastructure failure in the end).
    public var exhaustedBuilders: Bool
    public init(_ reason: String, exhaustedBuilders: Bool = false) {
        self.reason = reason
        self.exhaustedBuilders = exhaustedBuilders
    }
    public var description: String { reason }
}

/// The user cancelled the task.
public struct BuildCanceled: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "Build was canceled" }
}
