import CoprCore
import CoprHTTPServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The daemon's HTTP endpoints on `[backend] http_listen`: `GET /health` (liveness and
/// counts), `GET /status` (the ``FarmStatus``: the queue with waiting reasons, the running
/// builds, the builders' slots, the recent failures, the message bus backlog),
/// `GET /metrics` (Prometheus text format) and `POST /wakeup` (start a cycle now; the
/// embedded frontend calls it when work appears), within its ``ListenerLimits``
/// (`[backend] http_idle_timeout`, `http_header_timeout`, `http_body_timeout`,
/// `http_max_connections`).
///
/// A `Service`: in a `ServiceGroup` it serves until the group shuts down gracefully (it
/// then stops listening and finishes the requests it is answering); alone, until the
/// calling task is cancelled.
public struct DaemonHTTPServer: Service {
    public let address: ListenAddress
    public let limits: ListenerLimits
    private let farm: FarmStatus.Reader
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// `onListening` gets the bound port once the server listens.
    public init(
        address: ListenAddress, limits: ListenerLimits, farm: FarmStatus.Reader, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.address = address
        self.limits = limits
        self.farm = farm
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until the group shuts down gracefully or the calling task is cancelled;
    /// throws ``ListenerFailure`` when it cannot serve.
    public func run() async throws {
        let router = Router()
        let farm = self.farm
        let dispatcher = farm.dispatcher
        router.get("health") { _, _ -> Response in
            let status = await dispatcher.status
            return Self.json(["status": "ok", "running": .int(status.running.count), "queued": .int(status.queue.count)])
        }
        router.get("status") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .secondsSince1970
            let body = try encoder.encode(await farm.read())
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: await dispatcher.metricsText())))
        }
        router.post("wakeup") { _, _ -> Response in
            dispatcher.wakeUp()
            return Self.json(["status": "ok"], status: .accepted)
        }
        var serverLogger = logger
        serverLogger.logLevel = .warning
        let listener = HTTPListener(
            owner: "the daemon", host: address.host, port: address.port, serverName: "copr-backend", limits: limits)
        try await listener.serve(router, logger: serverLogger, onListening: onListening)
    }

    private static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: (try? value.encoded()) ?? Data("{}".utf8))))
    }
}
