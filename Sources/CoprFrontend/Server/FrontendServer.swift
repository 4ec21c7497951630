import CoprHTTPServer
import Hummingbird
import Logging

/// The embedded frontend's HTTP server: one router for its parts (the Copr backend API
/// under `/backend/`, the user API, the results tree), on one address, within its
/// ``ListenerLimits`` (`[frontend] idle_timeout`, `header_timeout`, `body_timeout`,
/// `max_connections`).
///
/// ```swift
/// let server = FrontendServer(
///     host: "127.0.0.1", port: 5000, limits: limits, parts: [BackendAPI(store: store, password: auth, logger: logger)],
///     logger: logger)
/// try await server.run { port in print("frontend on port \(port)") }
/// ```
public struct FrontendServer: Sendable {
    public let host: String
    /// 0 lets the system choose; `run` tells the bound port.
    public let port: Int
    public let limits: ListenerLimits
    private let parts: [any FrontendRoutes]
    private let logger: Logger

    public init(host: String, port: Int, limits: ListenerLimits, parts: [any FrontendRoutes], logger: Logger) {
        self.host = host
        self.port = port
        self.limits = limits
        self.parts = parts
        self.logger = logger
    }

    /// Serves until the calling task is cancelled; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        for part in parts { part.register(on: router) }
        let listener = HTTPListener(host: host, port: port, serverName: "copr-frontend", limits: limits)
        try await listener.serve(router, logger: logger, onListening: onListening)
    }
}
