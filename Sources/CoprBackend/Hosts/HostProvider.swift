import Logging

/// What a task asks for: every tag must be offered by the host; the sandbox limits
/// reuse of a machine to tasks of the same owner and project.
public struct HostRequest: Sendable {
    /// Sorted and unique: `copr_builder`, `arch_<arch>` or `arch_noarch`, the task's tags.
    public var tags: [String]
    public var sandbox: String?
    /// Hosts that already failed this task; a provider that can choose avoids them.
    public var avoid: Set<String>
    /// Called with a resalloc ticket as soon as it is taken, long before the host is
    /// ready, so the journal knows the lease even if the daemon dies while waiting.
    public var ticketTaken: (@Sendable (Int) async -> Void)?

    public init(taskTags: [String], sandbox: String?, avoid: Set<String> = [], ticketTaken: (@Sendable (Int) async -> Void)? = nil) {
        tags = Array(Set(["copr_builder"] + taskTags)).sorted()
        self.sandbox = sandbox
        self.avoid = avoid
        self.ticketTaken = ticketTaken
    }
}

/// A source of builder machines: a resalloc server or a static pool.
///
/// `allocate` waits as long as it takes for a ready host, sleeping between checks; it
/// returns at once when the calling task is cancelled, after giving back anything it
/// had taken. `release` never throws: a host that cannot be returned is logged.
public protocol HostProvider: Sendable {
    func allocate(_ request: HostRequest, logger: Logger) async throws -> BuilderHost
    func release(_ host: BuilderHost, logger: Logger) async
    /// False once the provider knows the machine is gone (a failed resalloc ticket).
    func isAlive(_ host: BuilderHost, logger: Logger) async -> Bool
    /// Takes back a lease an earlier daemon recorded in its journal, so a build that
    /// survived the daemon goes on where it runs. Returns the lease when the machine is
    /// still this task's; nil when it is gone (anything left of it is given back).
    func reclaim(_ host: BuilderHost, logger: Logger) async -> BuilderHost?
    /// Gives back a ticket an earlier daemon took for a host that never became ready:
    /// only its number is known.
    func closeTicket(_ ticket: Int, logger: Logger) async
    /// The provider's machines and their slots, for the status; empty where machines
    /// come and go with the builds.
    func builders() async -> [BuilderSlots]
}

extension HostProvider {
    public func isAlive(_ host: BuilderHost, logger: Logger) async -> Bool { true }
    public func reclaim(_ host: BuilderHost, logger: Logger) async -> BuilderHost? { host }
    public func closeTicket(_ ticket: Int, logger: Logger) async {}
    public func builders() async -> [BuilderSlots] { [] }
}

/// A host request no host of this provider can ever satisfy: a configuration problem,
/// not something to wait for.
public struct NoMatchingHost: Error, CustomStringConvertible {
    public var tags: [String]
    public var description: String {
        "No configured builder host offers the tags \(tags); add them to a [host:NAME] section's tags"
    }
}
