import Hummingbird
import Logging

/// The embedded frontend's HTTP server: today the Copr backend API under `/backend/`;
/// the user API and the results tree are meant to join the same router.
///
/// ```swift
/// let server = FrontendServer(host: "127.0.0.1", port: 5000, api: BackendAPI(store: store, password: auth, logger: logger), logger: logger)
/// try await server.run { port in print("frontend on port \(port)") }
/// ```
public struct FrontendServer: Sendable {
    public let host: String
    /// 0 lets the system choose; `run` tells the bound port.
    public let port: Int
    private let api: BackendAPI
    private let logger: Logger

    public init(host: String, port: Int, api: BackendAPI, logger: Logger) {
        self.host = host
        self.port = port
        self.api = api
        self.logger = logger
    }

    /// Serves until the calling task is cancelled; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        router.addRoutes(api.routes(), atPath: "backend")
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "copr-frontend"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }
}
