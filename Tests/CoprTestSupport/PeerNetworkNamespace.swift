import CoprCore
import Foundation

/// A host of "the outside world" made by the test run: a network namespace of its own,
/// joined to this machine by a veth pair on a /30 of the benchmarking range 198.18.0.0/15
/// that no real network uses, with an HTTP server (Python's `http.server`) on its end.
/// `hostAddress`, this machine's end of the pair, is one of this machine's addresses while
/// the peer exists; `peerAddress` is not.
///
/// Needs root (`ip netns`). ``with(serving:_:)`` removes the namespace, and with it both
/// ends of the pair, however the body ends.
public struct PeerNetworkNamespace: Sendable {
    public let name: String
    /// This machine's end of the veth pair.
    public let hostAddress: String
    /// The namespace's end, where the server listens.
    public let peerAddress: String
    public let port: Int

    public var baseURL: String { "http://\(peerAddress):\(port)" }

    /// Makes the namespace, serves `directory` in it, runs `body`, and removes it all.
    public static func with<T: Sendable>(serving directory: String, _ body: (PeerNetworkNamespace) async throws -> T) async throws -> T {
        let peer = try await make()
        let server = Task {
            try await ProcessRunner().capture(
                "ip", ["netns", "exec", peer.name, "python3", "-m", "http.server", String(peer.port),
                       "--bind", peer.peerAddress, "--directory", directory],
                timeout: .seconds(600))
        }
        let outcome: Result<T, any Error>
        do {
            try await waitUntil("the peer's HTTP server on \(peer.baseURL)") {
                try await Shell.run("curl", ["-sf", "-o", "/dev/null", "-m", "2", peer.baseURL + "/"]).succeeded
            }
            outcome = .success(try await body(peer))
        } catch {
            outcome = .failure(error)
        }
        server.cancel()
        _ = await server.result
        await remove(peer.name)
        return try outcome.get()
    }

    /// The namespace and the pair, on a /30 that none of this machine's addresses is in.
    private static func make() async throws -> PeerNetworkNamespace {
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 16)
        let name = "copr-peer-\(suffix)"
        let (hostLink, peerLink) = ("cph\(suffix)", "cpp\(suffix)")
        let taken = try InterfaceAddresses.current().map(\.description)
        var hostAddress = "", peerAddress = ""
        repeat {
            let block = Int.random(in: 0..<(2 * 256 * 64)) * 4
            let (third, fourth) = (block / 256, block % 256)
            let prefix = "198.\(18 + third / 256).\(third % 256)."
            (hostAddress, peerAddress) = (prefix + String(fourth + 1), prefix + String(fourth + 2))
        } while taken.contains(hostAddress) || taken.contains(peerAddress)
        try await Shell.check("ip", ["netns", "add", name])
        do {
            try await Shell.check("ip", ["link", "add", hostLink, "type", "veth", "peer", "name", peerLink, "netns", name])
            try await Shell.check("ip", ["address", "add", hostAddress + "/30", "dev", hostLink])
            try await Shell.check("ip", ["link", "set", hostLink, "up"])
            for command in [["address", "add", peerAddress + "/30", "dev", peerLink], ["link", "set", peerLink, "up"], ["link", "set", "lo", "up"]] {
                try await Shell.check("ip", ["-netns", name] + command)
            }
        } catch {
            await remove(name)
            throw error
        }
        return PeerNetworkNamespace(name: name, hostAddress: hostAddress, peerAddress: peerAddress, port: Int.random(in: 20000..<40000))
    }

    /// Deletes the namespace, and with it both ends of the pair. Runs detached, so that a
    /// test cancelled by its time limit (whose own commands would end at once) still
    /// cleans up.
    private static func remove(_ name: String) async {
        await Task.detached {
            _ = try? await ProcessRunner().capture("ip", ["netns", "delete", name], timeout: .seconds(30))
        }.value
    }
}
