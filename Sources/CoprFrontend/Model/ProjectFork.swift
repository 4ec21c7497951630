/// What forking a project made: the fork, whether it was created (or an existing project
/// was forked into), each forked build with the build it copies, and the `fork` action
/// that copies their results.
public struct ProjectFork: Sendable, Equatable {
    /// A build of the fork and the source project's build it copies.
    public struct ForkedBuild: Sendable, Equatable {
        public var id: Int
        public var forkedFrom: Int
    }

    public var project: Project
    public var created: Bool
    /// By new id.
    public var builds: [ForkedBuild]
    public var actionID: Int
}
