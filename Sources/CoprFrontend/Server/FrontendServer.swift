import CoprHTTPServer
import Hummingbird
import Logging
import ServiceLifecycle

/// The embedded frontend's HTTP server: one router for its parts (the Copr backend API
/// under `/backend/`, the user API, the results tree), on one address, within its
/// ``ListenerLimits`` (`[frontend] idle_timeout`, `header_timeout`, `body_timeout`,
/// `max_connections`).
///
/// A `Service`: in a `ServiceGroup` it serves until the group shuts down gracefully (it
/// then stops listening and finishes the requests it is answering); alone, until the
/// calling task is cancelled.
///
/// ```swift
/// let server = FrontendServer(
///     host: "127.0.0.1", port: 5000, limits: limits, parts: [BackendAPI(store: store, layout: layout, password: auth, logger: logger)],
///     logger: logger, onListening: { port in print("frontend on port \(port)") })
/// try await server.run()
/// ```
public struct FrontendServer: Service {
    public let host: String
    /// 0 lets the system choose; `onListening` tells the bound port.
    public let port: Int
    public let limits: ListenerLimits
    private let parts: [any FrontendRoutes]
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// `onListening` gets the bound port once the server listens.
    public init(
        host: String, port: Int, limits: ListenerLimits, parts: [any FrontendRoutes], logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.parts = parts
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until the group shuts down gracefully or the calling task is cancelled;
    /// throws ``ListenerFailure`` when it cannot serve.
    public func run() async throws {
        let router = Self.router(for: parts)
        let listener = HTTPListener(
            owner: "the embedded frontend", host: host, port: port, serverName: "copr-frontend", limits: limits)
        try await listener.serve(router, logger: logger, onListening: onListening)
    }

    /// The router the server serves `parts` with. Tests hand it to Hummingbird's router
    /// test mode to answer requests in process, without a socket:
    ///
    /// ```swift
    /// let app = Application(router: FrontendServer.router(for: parts))
    /// try await app.test(.router) { client in try await client.execute(uri: "/backend/pending-jobs/", method: .get) }
    /// ```
    public static func router(for parts: [any FrontendRoutes]) -> Router<FrontendRequestContext> {
        let router = Router(context: FrontendRequestContext.self)
        for part in parts { part.register(on: router) }
        return router
    }
}
