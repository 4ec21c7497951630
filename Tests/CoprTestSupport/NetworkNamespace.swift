import CoprCore
import Foundation

/// A network namespace joined to this host by a veth pair, so that a test runs a client
/// as on another machine of a private network: the host side of the pair gets
/// `hostAddress`, the namespace side `namespaceAddress`, both in a /30 of 10.0.0.0/8 that
/// the test picks at random and that nothing on this host uses (no address or route of the
/// host overlaps it). The namespace has no other route, so what runs in it reaches only
/// the host side, never an address the test did not create.
///
/// ``with(_:)`` removes the namespace and both ends of the pair afterwards, whether the
/// body succeeded or threw.
///
/// ```swift
/// try await NetworkNamespace.with { network in
///     let server = "http://\(network.hostAddress):8080"          // listen here on the host
///     let (tool, arguments) = network.command("curl", [server])  // run this inside
/// }
/// ```
public struct NetworkNamespace: Sendable {
    /// The namespace's name, for `ip netns exec`.
    public let name: String
    /// The address of the host's end of the pair: a server listening there is reachable
    /// from inside the namespace.
    public let hostAddress: String
    /// The address of the namespace's end of the pair.
    public let namespaceAddress: String
    private let hostInterface: String

    private static let commandTimeout = Duration.seconds(20)
    private static let attempts = 20

    /// Runs `body` with a new namespace, then removes it.
    public static func with<T: Sendable>(_ body: (NetworkNamespace) async throws -> T) async throws -> T {
        let network = try await create()
        let result: T
        do {
            result = try await body(network)
        } catch {
            await network.remove()
            throw error
        }
        await network.remove()
        return result
    }

    /// `executable arguments` run inside the namespace: the executable and arguments to start.
    public func command(_ executable: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        ("ip", ["netns", "exec", name, executable] + arguments)
    }

    // MARK: Setup

    private static func create() async throws -> NetworkNamespace {
        let subnet = try await freeSubnet()
        let tag = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        let network = NetworkNamespace(
            name: "copr-test-\(ProcessInfo.processInfo.processIdentifier)-\(tag)",
            hostAddress: subnet.address(1), namespaceAddress: subnet.address(2), hostInterface: "cth\(tag)")
        do {
            try await network.setUp(namespaceInterface: "ctn\(tag)")
        } catch {
            await network.remove()
            throw error
        }
        return network
    }

    private func setUp(namespaceInterface: String) async throws {
        try await Self.ip(["netns", "add", name])
        try await Self.ip(["link", "add", hostInterface, "type", "veth", "peer", "name", namespaceInterface, "netns", name])
        try await Self.ip(["addr", "add", "\(hostAddress)/30", "dev", hostInterface])
        try await Self.ip(["link", "set", hostInterface, "up"])
        try await Self.ip(["-n", name, "addr", "add", "\(namespaceAddress)/30", "dev", namespaceInterface])
        try await Self.ip(["-n", name, "link", "set", namespaceInterface, "up"])
        try await Self.ip(["-n", name, "link", "set", "lo", "up"])
    }

    /// Deletes the host's end of the pair (which deletes the other end) and the namespace;
    /// what is already gone is fine. Runs detached, so that a test cancelled by its time
    /// limit still cleans up.
    private func remove() async {
        let (hostInterface, name, timeout) = (hostInterface, name, Self.commandTimeout)
        await Task.detached {
            _ = try? await ProcessRunner().capture("ip", ["link", "del", hostInterface], timeout: timeout)
            _ = try? await ProcessRunner().capture("ip", ["netns", "del", name], timeout: timeout)
        }.value
    }

    // MARK: Addresses

    /// A /30 of 10.0.0.0/8 that overlaps no address and no route of this host.
    private static func freeSubnet() async throws -> IPv4Prefix {
        let used = try await usedPrefixes()
        for _ in 0..<attempts {
            let candidate = IPv4Prefix(base: 10 << 24 | UInt32.random(in: 0...0xFF_FFFF) & ~3, length: 30)
            if !used.contains(where: { $0.overlaps(candidate) }) { return candidate }
        }
        throw TestSupportError.unexpected("no free /30 in 10.0.0.0/8 after \(attempts) tries; used: \(used)")
    }

    /// Every IPv4 prefix of this host's addresses and routes (the default route aside).
    private static func usedPrefixes() async throws -> [IPv4Prefix] {
        var prefixes: [IPv4Prefix] = []
        for entry in try await ipJSON(["-4", "addr", "show"]) {
            for info in entry["addr_info"]?.arrayValue ?? [] {
                if let local = info["local"]?.stringValue, let length = info["prefixlen"]?.intValue,
                   let prefix = IPv4Prefix(local, length: length) { prefixes.append(prefix) }
            }
        }
        for route in try await ipJSON(["-4", "route", "show", "table", "all"]) {
            guard let destination = route["dst"]?.stringValue, destination != "default" else { continue }
            let parts = destination.split(separator: "/")
            if let prefix = IPv4Prefix(String(parts[0]), length: parts.count > 1 ? Int(parts[1]) ?? 32 : 32) { prefixes.append(prefix) }
        }
        return prefixes
    }

    private static func ipJSON(_ arguments: [String]) async throws -> [JSONValue] {
        try JSONValue.parse(try await ip(["-j"] + arguments)).arrayValue ?? []
    }

    @discardableResult
    private static func ip(_ arguments: [String]) async throws -> String {
        let output = try await ProcessRunner().capture("ip", arguments, timeout: commandTimeout, outputLimit: 4 << 20)
        guard output.exit.isSuccess else {
            throw TestSupportError.commandFailed(
                command: (["ip"] + arguments).joined(separator: " "), status: -1, output: "\(output.exit)\n\(output.standardError)")
        }
        return output.standardOutput
    }
}
