import Foundation
import Hummingbird
import Logging
import NIOCore

/// A static HTTP server over a directory, on a loopback address (127.0.0.1 unless told) with
/// a kernel-chosen port: it plays the frontend (task JSON), upstream source hosts (SRPMs,
/// specs, tarballs) and a git server (dumb HTTP protocol after `git update-server-info`).
/// Paths given in `redirects` answer 302 with the URL they map to instead.
public final class StaticFileServer: Sendable {
    public let root: String
    public let host: String
    public let port: Int
    private let run: TestServerRun

    public var baseURL: String { "http://\(host):\(port)" }

    private init(root: String, host: String, port: Int, run: TestServerRun) {
        self.root = root
        self.host = host
        self.port = port
        self.run = run
    }

    /// Starts serving `root` on `host` and returns once the port is known.
    public static func start(root: String, host: String = "127.0.0.1", redirects: [String: String] = [:]) async throws -> StaticFileServer {
        let router = Router()
        router.get("**") { request, _ -> Response in
            if let location = redirects[request.uri.path] {
                return Response(status: .found, headers: [.location: location])
            }
            let relative = request.uri.path.removingPercentEncoding ?? request.uri.path
            guard !relative.split(separator: "/").contains(".."),
                  let data = FileManager.default.contents(atPath: root + relative) else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test-file-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let run = TestServerRun(app, logger: logger) { continuation.finish() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await run.stop()
            throw CancellationError()
        }
        return StaticFileServer(root: root, host: host, port: port, run: run)
    }

    /// Stops the server in the background (its connections close, then it ends).
    public func stop() {
        let run = self.run
        Task { await run.stop() }
    }
}
