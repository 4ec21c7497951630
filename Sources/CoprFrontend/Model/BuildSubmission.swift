import CoprCore

/// What a user asks for when submitting a build; ``FrontendStore/submitBuild(_:)`` checks
/// every field.
public struct BuildSubmission: Sendable, Equatable {
    /// Upstream's default build timeout: 5 hours.
    public static let defaultTimeout = 5 * 3600

    public var owner: String
    public var project: String
    public var submitter: String
    public var source: BuildSource
    /// The chroots to build for, a subset of the project's; nil means all of them.
    public var chroots: [String]?
    /// Background builds wait behind every other build (`pending-jobs` order).
    public var background: Bool
    /// Seconds the builder may spend on one chroot.
    public var timeout: Int
    /// Whether the build may use the network (copr-cli `--enable-net`); nil takes the
    /// project's setting.
    public var enableNet: Bool?
    /// The batch the build goes into (Copr's `after_build_id`, `with_build_id`); nil for none.
    public var order: BuildOrder?
    /// The project's package this build is of (`build-package`); nil for a build of a
    /// file, URL or repository alone, named by its spec once the source build ran.
    public var packageName: String?

    public init(
        owner: String, project: String, submitter: String, source: BuildSource, chroots: [String]? = nil,
        background: Bool = false, timeout: Int = BuildSubmission.defaultTimeout, enableNet: Bool? = nil, order: BuildOrder? = nil
    ) {
        self.enableNet = enableNet
        self.owner = owner
        self.project = project
        self.submitter = submitter
        self.source = source
        self.chroots = chroots
        self.background = background
        self.timeout = timeout
        self.order = order
    }

    /// The submission with every field checked: the submitter, the timeout (at most
    /// ``TaskRules/maximumTimeout``, which the backend and the builders enforce too), the
    /// source and the chroots asked for.
    public func checked() throws(InvalidField) -> BuildSubmission {
        try TaskRules.user(submitter, field: "submitter")
        try TaskRules.timeout(timeout)
        if let chroots { try TaskRules.chroots(chroots) }
        if let order { try TaskRules.buildID(order.buildID, field: order.field) }
        if let packageName { try TaskRules.packageName(packageName) }
        var checked = self
        checked.source = try source.checked()
        return checked
    }
}
