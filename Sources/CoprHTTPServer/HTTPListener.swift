import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// One HTTP/1 listener of the backend (the daemon's `[backend] http_listen`, the embedded
/// frontend's `[frontend] listen`), serving a router within its ``ListenerLimits``: the
/// idle timeout and the connection limit are Hummingbird's own, the header and body
/// timeouts ``RequestReadTimeoutHandler``'s.
///
/// It serves as a Hummingbird `Application`, which is a swift-service-lifecycle `Service`:
/// inside a `ServiceGroup`, the group's graceful shutdown closes the listening socket and
/// lets every connection finish the request it is answering.
///
/// ```swift
/// let listener = HTTPListener(owner: "the daemon", host: "127.0.0.1", port: 5006, serverName: "copr-backend", limits: limits)
/// try await listener.serve(router, logger: logger) { port in print("listening on \(port)") }
/// ```
public struct HTTPListener: Sendable {
    /// Whose listener this is, for ``ListenerFailure``: "the daemon", "the embedded frontend".
    public let owner: String
    public let host: String
    /// 0 lets the system choose; `serve` tells the bound port.
    public let port: Int
    /// The `Server` header of every answer.
    public let serverName: String
    public let limits: ListenerLimits

    public init(owner: String, host: String, port: Int, serverName: String, limits: ListenerLimits) {
        self.owner = owner
        self.host = host
        self.port = port
        self.serverName = serverName
        self.limits = limits
    }

    /// Serves `router` until the calling task is cancelled or its service group shuts down
    /// gracefully; `onListening` gets the bound port. Throws ``ListenerFailure`` when it
    /// cannot serve (its address is taken, say).
    public func serve<Context: RequestContext>(
        _ router: Router<Context>, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void
    ) async throws where Context.Source == ApplicationRequestContextSource {
        let limits = self.limits
        let app = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestReadTimeoutHandler(limits: limits, logger: logger)],
                idleTimeout: TimeAmount(limits.idleTimeout))),
            configuration: .init(
                address: .hostname(host, port: port), serverName: serverName,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.run()
        } catch {
            throw ListenerFailure(owner: owner, address: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)", reason: error)
        }
    }
}
