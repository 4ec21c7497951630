import CoprCore
import CoprHTTPServer
import Foundation

/// The `[frontend]` section: whether the daemon runs its own embedded frontend
/// (projects, builds and results in SQLite, served over HTTP) instead of working for the
/// Copr frontend at `[backend] frontend_base_url`.
///
/// The embedded frontend is the default of a copr-be.conf that names no
/// `frontend_base_url`: a team that runs the backend alone needs no other option.
public struct FrontendOptions: Sendable {
    /// 512 MiB: larger than nearly every SRPM, small enough for a state dir's disk.
    public static let defaultMaxUploadSize = 512 * 1024 * 1024

    public var embedded: Bool
    /// Where the embedded frontend serves the backend API, the user API and the results.
    public var listen = ListenAddress(host: "127.0.0.1", port: 5007)
    /// The URL users and builders reach the embedded frontend at, without a trailing
    /// slash; `http://<listen>` by default (loopback for a wildcard listen address).
    public var publicURL: String
    /// The largest SRPM or spec a user may upload, in bytes.
    public var maxUploadSize = FrontendOptions.defaultMaxUploadSize
    /// `token_lifetime_days`: how long an API token made by `copr-backend user add` or
    /// `user token` is valid, 180 days as Copr's.
    public var tokenLifetimeDays = 180
    /// `idle_timeout`, `header_timeout`, `body_timeout`, `max_connections`: 75 s idle
    /// (longer than async-http-client keeps an idle connection for reuse, 60 s, so the
    /// backend's own clients close first), a head within 20 s, a body never 60 s without a
    /// byte, and 512 connections (users, dnf and every builder at once, well under the
    /// usual limit of 1024 open files).
    public var limits = ListenerLimits(
        idleTimeout: .seconds(75), headerTimeout: .seconds(20), bodyTimeout: .seconds(60), maxConnections: 512)
    /// `chroots`: the chroots projects may enable and builds may name, space- or
    /// comma-separated; by default ``ChrootOffer/defaultReleases`` for every architecture
    /// the static builders have (Copr's usual four with resalloc).
    public var chroots = ChrootOffer.defaults(architectures: [])

    public init(embedded: Bool) {
        self.embedded = embedded
        publicURL = Self.url(of: listen)
    }

    /// `http://host:port` of an address, with a wildcard host replaced by loopback.
    static func url(of address: ListenAddress) -> String {
        let host = switch address.host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::": "::1"
        default: address.host
        }
        return "http://\(ListenAddress(host: host, port: address.port))"
    }
}
