/// Which addresses a build's sources may not come from: the build farm itself. The builder
/// agent applies it to every URL a task or a spec makes it fetch (from `main.ini`), the
/// embedded frontend to every URL a user submits; both use these same rules.
///
/// An address is refused when it lies in one of ``forbiddenNetworks`` (loopback,
/// link-local, "this host" by default), is one of ``forbiddenAddresses`` (a service's own
/// listen addresses) or, with ``forbidsInterfaceAddresses``, belongs to one of this
/// machine's interfaces. IPv4-mapped IPv6 addresses are judged as the IPv4 address they
/// carry. A host is refused when any of its addresses is.
///
/// ```swift
/// let policy = AddressPolicy(forbidsInterfaceAddresses: true)
/// let addresses = try await policy.check(host: "localhost", resolver: SystemHostResolver(), timeout: .seconds(10))
/// // throws HostRefusal.forbidden(host: "localhost", address: 127.0.0.1, rule: "in the forbidden network 127.0.0.0/8")
/// ```
public struct AddressPolicy: Sendable, Equatable {
    /// Loopback, IPv4 and IPv6 (`127.0.0.0/8`, `::1/128`), link-local (`169.254.0.0/16`,
    /// `fe80::/10`, where cloud metadata services live) and the "this host" addresses
    /// that reach loopback when connected to (`0.0.0.0/8`, `::/128`). Their IPv4-mapped
    /// forms are covered through ``IPAddress/unmapped``.
    public static let defaultForbiddenNetworks: [IPNetwork] = [
        "127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128",
    ].map { IPNetwork($0)! }

    public var forbiddenNetworks: [IPNetwork]
    /// Single addresses to refuse besides the networks, such as where a service listens.
    public var forbiddenAddresses: [IPAddress]
    /// Whether every address of this machine's interfaces is refused too.
    public var forbidsInterfaceAddresses: Bool

    public init(
        forbiddenNetworks: [IPNetwork] = AddressPolicy.defaultForbiddenNetworks, forbiddenAddresses: [IPAddress] = [],
        forbidsInterfaceAddresses: Bool
    ) {
        self.forbiddenNetworks = forbiddenNetworks
        self.forbiddenAddresses = forbiddenAddresses
        self.forbidsInterfaceAddresses = forbidsInterfaceAddresses
    }

    /// A list of networks as written in a configuration file: separated by commas or
    /// white space, each ``IPNetwork`` notation. Throws a message naming the bad entry.
    public static func networks(parsing text: String) throws(InvalidNetworkList) -> [IPNetwork] {
        try text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { entry throws(InvalidNetworkList) in
            guard let network = IPNetwork(String(entry)) else { throw InvalidNetworkList(entry: String(entry)) }
            return network
        }
    }

    /// Why `address` is refused ("in the forbidden network 127.0.0.0/8"), or nil when it
    /// is allowed.
    public func refusal(for address: IPAddress) -> String? {
        let candidate = address.unmapped
        if let network = forbiddenNetworks.first(where: { $0.contains(candidate) }) {
            return "in the forbidden network \(network)"
        }
        if forbiddenAddresses.contains(where: { $0.unmapped == candidate }) {
            return "an address the backend listens on"
        }
        guard forbidsInterfaceAddresses else { return nil }
        do {
            return try InterfaceAddresses.current().contains { $0.unmapped == candidate } ? "an address of this machine" : nil
        } catch {
            return "possibly an address of this machine (its interfaces cannot be listed: \(error))"
        }
    }

    /// Resolves `host` and returns its addresses when none is refused; otherwise throws
    /// ``HostRefusal/forbidden(host:address:rule:)`` for the first refused one, or
    /// ``HostRefusal/unresolvable(host:reason:)``. Connect only to the addresses returned.
    public func check(host: String, resolver: any HostResolver, timeout: Duration) async throws(HostRefusal) -> [IPAddress] {
        let addresses = try await resolver.addresses(of: host, timeout: timeout)
        for address in addresses {
            if let rule = refusal(for: address) { throw .forbidden(host: host, address: address, rule: rule) }
        }
        return addresses
    }
}

/// A network list entry that is not CIDR notation.
public struct InvalidNetworkList: Error, Sendable, CustomStringConvertible {
    public let entry: String
    public var description: String { "'\(entry)' is not a network such as 127.0.0.0/8 or fe80::/10" }
}
