/// How long an HTTP listener waits for its clients and how many it serves at once, so
/// that connections that never finish cannot pile up: `[frontend] idle_timeout`,
/// `header_timeout`, `body_timeout`, `max_connections`, and `http_`-prefixed the same
/// in `[backend]` for the daemon's listener.
///
/// ```swift
/// let limits = ListenerLimits(
///     idleTimeout: .seconds(75), headerTimeout: .seconds(20), bodyTimeout: .seconds(60), maxConnections: 512)
/// ```
public struct ListenerLimits: Sendable, Equatable {
    /// How long a connection may stay open with no request in progress after an answer
    /// (kept alive for the next request). Hummingbird's idle timeout, which also ends a
    /// request whose head or body stops arriving, so it bounds the header and body timeouts.
    public var idleTimeout: Duration
    /// How long a client may take to send the head of a request (request line and
    /// header fields), from its first byte, or for the first request from the connection's
    /// opening: a client that connects and says nothing, or trickles a head, goes after it.
    public var headerTimeout: Duration
    /// How long a request body may go without a byte while the server waits for it. Not
    /// a limit on the whole body: an upload that keeps moving takes as long as it needs.
    public var bodyTimeout: Duration
    /// Connections served at once. Further clients wait in the listen backlog (256) until
    /// a connection closes; beyond the backlog the system refuses them.
    public var maxConnections: Int

    public init(idleTimeout: Duration, headerTimeout: Duration, bodyTimeout: Duration, maxConnections: Int) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }
}
