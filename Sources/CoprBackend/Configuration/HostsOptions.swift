import Foundation

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
        /// How a builder on this machine confines builds; unused for SSH builders.
        public var isolation: LocalIsolation

        public init(
            name: String, address: String, port: Int? = nil, user: String? = nil, tags: Set<String>, slots: Int = 1,
            transport: BuilderTransport = .ssh, isolation: LocalIsolation = .default
        ) {
            self.transport = transport
            self.isolation = isolation
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

extension HostsOptions.StaticHost {
    /// The builder of a backend that runs alone: this machine, without SSH, one build at
    /// a time, for its own architecture and noarch, sandboxed as the default build account.
    static func thisMachine(stateDir: String) -> Self {
        var system = utsname()
        uname(&system)
        let machine = withUnsafeBytes(of: system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Self(
            name: "local", address: "localhost", tags: ["copr_builder", "arch_\(machine)", "arch_noarch"],
            transport: .local(root: "\(stateDir)/local-builders/local"))
    }
}

extension HostsOptions {
    /// How each local builder confines builds, by its root.
    public var localIsolation: [String: LocalIsolation] {
        var isolation: [String: LocalIsolation] = [:]
        for host in staticHosts {
            if case .local(let root) = host.transport { isolation[root] = host.isolation }
        }
        return isolation
    }

    /// The architectures static builders say they build for (their `arch_<arch>` tags);
    /// empty with resalloc, whose builders are not known in advance.
    public var builderArchitectures: [String] {
        guard provider == .static else { return [] }
        return Set(staticHosts.flatMap(\.tags).filter { $0.hasPrefix("arch_") }.map { String($0.dropFirst(5)) }).sorted()
    }
}
