import AsyncHTTPClient
import CoprCore

/// The host of a URL resolved once and checked by ``URLPolicy``: connections go to
/// ``address`` while requests still name ``host`` (HTTP `Host`, TLS server name and
/// certificate check), so a second DNS answer can never send them elsewhere.
public struct PinnedHost: Sendable, Equatable {
    /// The host as the URL writes it, without IPv6 brackets.
    public let host: String
    public let port: Int
    /// The checked address connections go to.
    public let address: IPAddress

    /// An HTTP client for one request to this host: it connects to ``address`` (the host's
    /// own resolution is overridden) and follows no redirect, since each redirect target
    /// must be checked first.
    var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if IPAddress(host) == nil { configuration.dnsOverride = [host: address.description] }
        return configuration
    }

    /// A `http.curloptResolve` entry that makes git's curl connect to ``address``; nil when
    /// the host is an address itself, which curl connects to without resolving.
    var curlResolveEntry: String? {
        guard IPAddress(host) == nil else { return nil }
        return "\(host):\(port):\(address.isIPv4 ? address.description : "[\(address)]")"
    }
}
