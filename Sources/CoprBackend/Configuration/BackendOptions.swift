import CoprHTTPServer

/// The `[backend]` section: where results go, how to reach the frontend, publishing.
public struct BackendOptions: Sendable {
    public enum Signer: String, Sendable {
        /// Copr's obs-signd client (`/bin/sign`) plus the keygen service.
        case obsSign = "obs-sign"
        /// rpmsign and gpg on this machine, one key per project.
        case rpmsign
    }

    /// Root of the public results tree (required).
    public var destdir: String
    public var resultsBaseURL: String = "http://copr-be"
    public var frontendBaseURL: String = "http://copr-fe"
    public var frontendAuth: String = "PASSWORDHERE"
    public var buildUser: String = "mockbuilder"
    public var logDir: String = "/var/log/copr-backend"
    public var logLevel: String = "info"
    /// Worker state kept outside the results tree (pinned host keys, SSH sockets, locks).
    public var stateDir: String = "/var/lib/copr-backend"
    /// One INI file per message bus (`[bus]`, `[auth]`).
    public var msgbusConfigDir: String = MessageBusConfiguration.defaultDirectory
    public var createrepoCommand: String = "createrepo_c"
    public var doSign: Bool = false
    public var signer: Signer = .obsSign
    public var signCommand: String = "/bin/sign"
    public var keygenHost: String = "copr-keygen.cloud.fedoraproject.org"
    public var signDomain: String = "fedorahosted.org"
    public var gentlyGpgSha256: Bool = true
    /// GnuPG home of the rpmsign signer.
    public var gpgHome: String?
    /// The daemon's HTTP address (`/health`, `/wakeup`): host and port.
    public var httpListen = BackendOptions.defaultHTTPListen
    /// Where the daemon listens without `http_listen`.
    public static let defaultHTTPListen = ListenAddress(host: "127.0.0.1", port: 5006)
    /// `http_idle_timeout`, `http_header_timeout`, `http_body_timeout`, `http_max_connections`:
    /// the embedded frontend's timeouts, and 64 connections (monitoring, the CLI and the
    /// embedded frontend's wake-ups need a few).
    public var httpLimits = ListenerLimits(
        idleTimeout: .seconds(75), headerTimeout: .seconds(20), bodyTimeout: .seconds(60), maxConnections: 64)

    public init(destdir: String) {
        self.destdir = destdir
    }
}

/// A `host:port` to listen on; port 0 lets the system choose.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6]:port` or `:port` (all interfaces).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
