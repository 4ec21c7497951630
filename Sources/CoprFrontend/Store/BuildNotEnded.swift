import CoprCore

/// The store refuses to forget a build while one of its tasks has not ended: the backend
/// may still be building it and writing its results.
public struct BuildNotEnded: Error, Sendable, Equatable, CustomStringConvertible {
    public var buildID: Int
    /// The state of the whole build when it was refused.
    public var state: BuildStatus

    public init(buildID: Int, state: BuildStatus) {
        self.buildID = buildID
        self.state = state
    }

    public var description: String {
        "Build \(buildID) has not ended yet (\(state.name)); cancel it or wait until it ends, then delete it"
    }
}
