/// Where builders come from (`[hosts]` and `[host:NAME]` sections).
public struct HostsOptions: Sendable {
    public enum Provider: String, Sendable {
        /// Builders leased from a resalloc server over XML-RPC.
        case resalloc
        /// A fixed pool of machines listed in `[host:NAME]` sections.
        case `static`
    }

    /// One `[host:NAME]` section.
    public struct StaticHost: Sendable, Equatable {
        public var name: String
        public var address: String
        public var port: Int?
        public var user: String?
        public var tags: Set<String>
        public var slots: Int
        public var transport: BuilderTransport

        public init(
            name: String, address: String, port: Int? = nil, user: String? = nil, tags: Set<String>, slots: Int = 1,
            transport: BuilderTransport = .ssh
        ) {
            self.transport = transport
            self.name = name
            self.address = address
            self.port = port
            self.user = user
            self.tags = tags
            self.slots = slots
        }
    }

    public var provider: Provider = .resalloc
    public var resallocConnection: String = "http://localhost:49100"
    public var staticHosts: [StaticHost] = []

    public init() {}
}
