import CoprBackend
import CoprHTTPServer
import CoprTestSupport
import Foundation
import Logging
import Testing

/// One of the backend's two HTTP listeners, served on 127.0.0.1 with a free port and the
/// limits a test chooses: the daemon's (`DaemonHTTPServer`, with a dispatcher that is
/// never run) or the embedded frontend's (`FrontendServer` with the user API, project
/// `jdoe/hello` created).
enum TestedListener: String, CaseIterable, CustomTestStringConvertible {
    case daemon
    case frontend

    var testDescription: String { rawValue }

    /// A request the listener answers with 200 and then closes.
    var normalRequest: String { request(connection: "close") }

    /// A request the listener answers with 200, keeping the connection for the next.
    var keptAliveRequest: String { request(connection: "keep-alive") }

    private func request(connection: String) -> String {
        let path = self == .daemon ? "/health" : "/api/projects"
        return "GET \(path) HTTP/1.1\r\nHost: listener.test\r\nConnection: \(connection)\r\n\r\n"
    }

    /// The head of a request whose body the listener reads, announcing `length` bytes.
    func bodyRequestHead(length: Int) -> String {
        guard self == .frontend else { return "POST /wakeup HTTP/1.1\r\nHost: listener.test\r\nContent-Length: \(length)\r\n\r\n" }
        // The backend API's update, with its password: a body read after the head is checked.
        let password = Data("user:\(EmbeddedFrontendTestServer.password)".utf8).base64EncodedString()
        return "POST /backend/update/ HTTP/1.1\r\nHost: listener.test\r\nAuthorization: Basic \(password)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(length)\r\n\r\n"
    }

    /// Runs `body` with the listener's port, then stops the listener.
    func serve(limits: ListenerLimits, _ body: (Int) async throws -> Void) async throws {
        switch self {
        case .frontend:
            try await EmbeddedFrontendTestServer.run(limits: limits) { frontend in
                try await frontend.createProject(chroots: ["fedora-41-x86_64"])
                try await body(frontend.port)
            }
        case .daemon:
            try await withTemporaryDirectory { directory in
                let (ports, continuation) = AsyncStream<Int>.makeStream()
                let server = try Self.daemonServer(in: directory, limits: limits) { port in continuation.yield(port) }
                let serving = TestServerRun(server, logger: Logger(label: "daemon-listener-test") { _ in SwiftLogNoOpLogHandler() })
                var iterator = ports.makeAsyncIterator()
                do {
                    guard let port = await iterator.next() else { throw TestSupportError.unexpected("the daemon did not listen") }
                    try await body(port)
                } catch {
                    await serving.stop()
                    throw error
                }
                await serving.stop()
            }
        }
    }

    /// The daemon's listener over a dispatcher of a configuration in `directory`; the
    /// dispatcher never runs, so nothing but the listener's own answers goes anywhere.
    private static func daemonServer(
        in directory: TemporaryDirectory, limits: ListenerLimits, onListening: @escaping @Sendable (Int) async -> Void
    ) throws -> DaemonHTTPServer {
        let text = """
            [backend]
            destdir = \(directory.appending("results"))
            state_dir = \(directory.appending("state"))
            log_dir = \(directory.appending("log"))
            http_listen = 127.0.0.1:0
            """
        let configuration = try BackendConfiguration.parse(text, path: directory.appending("copr-be.conf"))
        let logger = Logger(label: "daemon-listener-test") { _ in SwiftLogNoOpLogHandler() }
        let services = BuildWorker.Services.from(configuration, logger: logger)
        let dispatcher = Dispatcher(
            frontend: services.frontend, worker: BuildWorker(configuration: configuration, services: services, logger: logger),
            options: configuration.scheduling, logger: logger)
        return DaemonHTTPServer(
            address: configuration.backend.httpListen, limits: limits,
            farm: FarmStatus.Reader(dispatcher: dispatcher, hosts: services.hosts, delivery: nil), logger: logger,
            onListening: onListening)
    }
}
