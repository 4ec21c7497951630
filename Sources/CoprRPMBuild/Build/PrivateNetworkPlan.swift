import CoprCore

/// What gives a build with `enable_net` a network of its own, decided from the addresses
/// alone: the command lines that make it, configure it and put the build in it. A pure
/// value; ``PrivateBuildNetwork`` runs the commands.
///
/// The build gets a new network namespace, owned by a user namespace the builder's account
/// makes (it needs no privilege), whose only way out is slirp4netns: user-mode networking
/// that opens the build's connections as ordinary sockets of the builder, with
/// `--disable-host-loopback` so its gateway never leads to this machine's loopback.
/// Before the build starts, every address of this machine's interfaces and every
/// forbidden network get an unreachable route inside the namespace, so a connection to
/// them fails at once instead of leaving through slirp4netns. The build itself then runs
/// in a user namespace nested in the first, under its usual uid and gid: it has no
/// capability over the namespace's network, so it cannot remove those routes.
///
/// The namespace has a mount namespace of its own too, where `/etc/resolv.conf` names
/// slirp4netns's DNS forwarder, which asks this machine's resolver: a resolver on this
/// machine's loopback (systemd-resolved's `127.0.0.53`) would be out of the build's reach.
///
/// Only IPv4 leaves the namespace (slirp4netns runs without IPv6), so this machine's IPv6
/// addresses need no route. The namespace's own loopback is the build's and stays usable:
/// routes for loopback networks would never apply (the kernel's local table wins), and
/// this machine's loopback is reachable only through the gateway, which slirp4netns
/// refuses.
public struct PrivateNetworkPlan: Sendable, Equatable {
    /// The interface slirp4netns adds to the namespace.
    public static let device = "tap0"
    /// Where the namespace's network may live; the first that collides with nothing of
    /// this machine is taken (slirp4netns's own default first).
    public static let candidateNetworks: [IPNetwork] = ["10.0.2.0/24", "10.213.0.0/24", "172.31.213.0/24", "192.168.213.0/24"]
        .map { IPNetwork($0)! }
    /// The interface's MTU: slirp4netns's largest, for throughput.
    static let mtu = 65520

    /// The namespace's network between the build and slirp4netns.
    public let network: IPNetwork
    /// The networks that get an unreachable route, most general first.
    public let unreachable: [IPNetwork]
    /// The build's own uid and gid, which it keeps inside the nested user namespace.
    public let uid: UInt32
    public let gid: UInt32

    /// - Parameters:
    ///   - forbiddenNetworks: what no source may come from (`forbidden_networks`).
    ///   - machineAddresses: every address of this machine's interfaces.
    /// - Throws: ``NoNetworkLeft`` when every candidate network collides with this machine.
    public init(forbiddenNetworks: [IPNetwork], machineAddresses: [IPAddress], uid: UInt32, gid: UInt32) throws(NoNetworkLeft) {
        let blocked = forbiddenNetworks.filter { $0.base.isIPv4 && !Self.isLoopback($0) }
        let hosts = machineAddresses.map(\.unmapped).filter(\.isIPv4)
        var routes = blocked
        for address in hosts where !Self.loopback.contains(address) && !routes.contains(where: { $0.contains(address) }) {
            routes.append(IPNetwork(address.description)!)
        }
        guard let network = Self.candidateNetworks.first(where: { candidate in
            !hosts.contains(where: candidate.contains) && !routes.contains { Self.hides(Self.service(of: candidate), behind: $0) }
        }) else {
            throw NoNetworkLeft(addresses: hosts)
        }
        self.network = network
        unreachable = routes.sorted {
            $0.prefixLength != $1.prefixLength ? $0.prefixLength < $1.prefixLength : $0.base.bytes.lexicographicallyPrecedes($1.base.bytes)
        }
        self.uid = uid
        self.gid = gid
    }

    /// The namespace's address of the build.
    public var guestAddress: IPAddress { Self.host(100, in: network) }

    /// The namespace's `/etc/resolv.conf`: slirp4netns's DNS forwarder.
    public var resolverConfiguration: String { "nameserver \(Self.host(3, in: network))\n" }

    /// Starts the namespace: a process that puts `resolverFile` (holding
    /// ``resolverConfiguration``) over `/etc/resolv.conf` where there is one, writes its
    /// pid to `pidFile`, and then only holds the namespaces open until it is stopped.
    public func holder(pidFile: String, resolverFile: String) -> [String] {
        ["unshare", "--user", "--map-root-user", "--net", "--mount", "--",
         "/bin/sh", "-c", "{ [ ! -e /etc/resolv.conf ] || mount --bind \"$2\" /etc/resolv.conf; } && echo $$ > \"$1\" && exec sleep infinity",
         "copr-private-network", pidFile, resolverFile]
    }

    /// slirp4netns for the namespace of the holder `pid`; it adds and configures the
    /// interface, and stays until stopped.
    public func slirp(pid: Int32) -> [String] {
        ["slirp4netns", "--configure", "--mtu=\(Self.mtu)", "--disable-host-loopback", "--cidr=\(network)",
         String(pid), Self.device]
    }

    /// Prints the namespace's IPv4 addresses, the build's among them once slirp4netns
    /// configured its interface (see ``isReady(_:)``).
    public func readiness(pid: Int32) -> [String] {
        inside(pid) + ["ip", "-4", "-o", "address", "show"]
    }

    /// Whether the output of ``readiness(pid:)`` shows the configured interface.
    public func isReady(_ output: String) -> Bool {
        output.contains(" \(guestAddress)/")
    }

    /// The loopback up and one unreachable route per blocked network, each a command line,
    /// run with the namespace's privilege before the build starts.
    public func setup(pid: Int32) -> [[String]] {
        [inside(pid) + ["ip", "link", "set", "lo", "up"]]
            + unreachable.map { inside(pid) + ["ip", "route", "replace", "unreachable", $0.description] }
    }

    /// The prefix that runs a command in the namespace as the build's own uid and gid,
    /// without any privilege over its network.
    public func prefix(pid: Int32) -> [String] {
        inside(pid) + ["unshare", "--user", "--map-user=\(uid)", "--map-group=\(gid)", "--"]
    }

    /// Enters the holder's user, network and mount namespaces as their root; the
    /// credentials are kept (`nsenter` cannot set groups there, and they already map to root).
    private func inside(_ pid: Int32) -> [String] {
        ["nsenter", "--preserve-credentials", "--target", String(pid), "--user", "--net", "--mount", "--"]
    }

    private static let loopback = IPNetwork("127.0.0.0/8")!

    private static func isLoopback(_ network: IPNetwork) -> Bool {
        network.prefixLength >= loopback.prefixLength && loopback.contains(network.base)
    }

    /// slirp4netns's gateway and DNS forwarder in `network`.
    private static func service(of network: IPNetwork) -> [IPAddress] {
        [host(2, in: network), host(3, in: network)]
    }

    /// Whether a route for `route` would take `addresses` away from the namespace's own
    /// network: it covers one of them and is at least as specific as that network.
    private static func hides(_ addresses: [IPAddress], behind route: IPNetwork) -> Bool {
        route.prefixLength >= 24 && addresses.contains(where: route.contains)
    }

    private static func host(_ number: UInt8, in network: IPNetwork) -> IPAddress {
        IPAddress(bytes: network.base.bytes.dropLast() + [number])!
    }

    /// Every candidate network collides with an address of this machine or a forbidden network.
    public struct NoNetworkLeft: Error, Sendable, CustomStringConvertible {
        public let addresses: [IPAddress]
        public var description: String {
            "every network slirp4netns could use (\(PrivateNetworkPlan.candidateNetworks.map(\.description).joined(separator: ", "))) "
                + "collides with this machine's addresses (\(addresses.map(\.description).joined(separator: ", "))) or its forbidden networks"
        }
    }
}
