/// How a builder on this machine confines a package's build (`[host:NAME] build_user`,
/// `[host:NAME] unsafe_unsandboxed`).
public enum LocalIsolation: Sendable, Equatable {
    /// Every builder command runs as `buildUser` in a `LocalSandbox`: the default.
    case sandbox(buildUser: String)
    /// Every builder command runs as the backend's own user and sees what it sees. Only
    /// for packages the operator trusts as much as the backend itself.
    case unsandboxed

    public static let `default` = LocalIsolation.sandbox(buildUser: LocalSandbox.defaultBuildUser)
}

/// Why a sandboxed local builder cannot run here, with what to do about it.
public struct LocalSandboxUnavailable: Error, CustomStringConvertible, Sendable {
    public var host: String
    public var problem: String

    public init(host: String, problem: String) {
        self.host = host
        self.problem = problem
    }

    public var description: String {
        "The local builder \(host) cannot sandbox builds: \(problem). Fix that, or set [host:\(host)] unsafe_unsandboxed = true "
            + "to build as the backend's own user (only for packages you trust as much as the backend)."
    }
}
