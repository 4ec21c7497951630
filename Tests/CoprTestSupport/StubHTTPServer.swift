import Foundation
import Hummingbird
import Logging

/// A Hummingbird HTTP server on 127.0.0.1 with an OS-chosen port that hands every
/// request, fully read, to one handler. The frontend and resalloc stubs build on it.
final class StubHTTPServer: Sendable {
    /// What the handler answers.
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: Data = Data()
    }

    /// The bound port.
    let port: Int
    private let run: TestServerRun

    private init(port: Int, run: TestServerRun) {
        self.port = port
        self.run = run
    }

    /// Starts the server and returns once it listens.
    static func start(label: String, handler: @escaping @Sendable (RecordedRequest) async -> Reply) async throws -> StubHTTPServer {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
            }
            let reply = await handler(RecordedRequest(
                method: request.method.rawValue,
                path: request.uri.path,
                headers: headers,
                body: Data(buffer.readableBytesView),
                receivedAt: Date()
            ))
            var response = Response(
                status: .init(code: reply.status),
                body: .init(byteBuffer: ByteBuffer(bytes: reply.body))
            )
            for (name, value) in reply.headers {
                if let fieldName = HTTPFields.Element.Name(name) {
                    response.headers.append(.init(name: fieldName, value: value))
                }
            }
            return response
        }
        var logger = Logger(label: label)
        // Stopping the server makes Hummingbird log errors; stay quiet.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        let run = TestServerRun(app, logger: logger) { continuation.finish() }
        for await port in ports where port != 0 {
            return StubHTTPServer(port: port, run: run)
        }
        let failure = await run.result
        throw TestSupportError.serverStartFailed("\(label): \(failure)")
    }

    /// Stops the server and waits until it has closed.
    func shutdown() async {
        await run.stop()
    }
}
