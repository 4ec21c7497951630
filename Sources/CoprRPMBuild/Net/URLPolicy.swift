import CoprCore
import Foundation

/// Decides which URLs from a task may be fetched, and where their connections go.
///
/// By form: `http` and `https` anywhere, `file` only for files inside the builder's
/// workspace (so a task cannot read the builder's own files), nothing else. By address:
/// the host of every http(s) URL, redirect and clone is resolved once and refused when any
/// of its addresses breaks ``addresses`` (`forbidden_networks`, `forbid_local_addresses`
/// in `main.ini`), so a source cannot come from the backend's own services, loopback or a
/// link-local metadata service; the connection then goes to the checked address only.
public struct URLPolicy: Sendable {
    /// What a permitted URL refers to.
    public enum Target: Sendable, Equatable {
        case http(String)
        case localFile(String)
    }

    /// The directory `file://` URLs must stay in.
    public let workspace: String
    /// The addresses sources may not come from.
    public let addresses: AddressPolicy
    /// Resolves hosts once; the answer is what gets checked and connected to.
    public let resolver: any HostResolver
    /// The time limit of resolving one host (`dns_timeout`).
    public let resolveTimeout: Duration

    public init(workspace: String, addresses: AddressPolicy, resolver: any HostResolver = SystemHostResolver(), resolveTimeout: Duration) {
        self.workspace = workspace
        self.addresses = addresses
        self.resolver = resolver
        self.resolveTimeout = resolveTimeout
    }

    /// Classifies `url` by its form or throws ``CoprRPMBuildError/forbiddenURL(url:reason:)``;
    /// the address rule is ``pin(_:)``'s.
    public func check(_ url: String) throws -> Target {
        let parsed = try parse(url)
        switch parsed.scheme?.lowercased() {
        case "http", "https":
            guard parsed.host?.isEmpty == false else {
                throw CoprRPMBuildError.forbiddenURL(url: url, reason: "it has no host")
            }
            return .http(url)
        case "file":
            let path = PathSafety.canonical(parsed.path)
            guard PathSafety.isInside(path, base: PathSafety.canonical(workspace)) else {
                throw CoprRPMBuildError.forbiddenURL(
                    url: url, reason: "file:// URLs may only point inside the builder workspace \(workspace)")
            }
            return .localFile(path)
        default:
            throw CoprRPMBuildError.forbiddenURL(url: url, reason: "only http, https and (inside the workspace) file URLs are allowed")
        }
    }

    /// Resolves the host of the network URL `url` (http, https, git or ssh) and checks
    /// every address; returns where to connect. Throws
    /// ``CoprRPMBuildError/forbiddenURL(url:reason:)`` naming the rule, or the
    /// ``HostRefusal/unresolvable(host:reason:)`` of a host without an answer (worth
    /// another attempt).
    public func pin(_ url: String) async throws -> PinnedHost {
        let parsed = try parse(url)
        let scheme = parsed.scheme?.lowercased() ?? ""
        guard let defaultPort = ["http": 80, "https": 443, "git": 9418, "ssh": 22][scheme] else {
            throw CoprRPMBuildError.forbiddenURL(url: url, reason: "only http, https, git and ssh URLs reach other hosts")
        }
        guard let host = parsed.connectionHost else { throw CoprRPMBuildError.forbiddenURL(url: url, reason: "it has no host") }
        do throws(HostRefusal) {
            let resolved = try await addresses.check(host: host, resolver: resolver, timeout: resolveTimeout)
            return PinnedHost(host: host, port: parsed.port ?? defaultPort, address: resolved[0])
        } catch {
            guard case .forbidden = error else { throw error }
            throw CoprRPMBuildError.forbiddenURL(url: url, reason: "\(error) (forbidden_networks and forbid_local_addresses in main.ini)")
        }
    }

    private func parse(_ url: String) throws -> URL {
        guard url.count <= 4096, !url.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } == true }),
              let parsed = URL(string: url), parsed.scheme != nil else {
            throw CoprRPMBuildError.forbiddenURL(url: TaskRules.shown(url), reason: "it is not a valid URL")
        }
        return parsed
    }
}
