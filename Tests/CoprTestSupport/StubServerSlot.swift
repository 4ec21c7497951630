import Synchronization

/// The HTTP server of a stub: set once it listens, shut down at most once.
final class StubServerSlot: Sendable {
    private let server = Mutex<StubHTTPServer?>(nil)

    func start(label: String, handler: @escaping @Sendable (RecordedRequest) async -> StubHTTPServer.Reply) async throws {
        let started = try await StubHTTPServer.start(label: label, handler: handler)
        server.withLock { $0 = started }
    }

    /// Stops the server. Safe to call more than once.
    func shutdown() async {
        await server.withLock { server in
            defer { server = nil }
            return server
        }?.shutdown()
    }

    /// The bound port, 0 before the start and after the shutdown.
    var port: Int { server.withLock { $0?.port ?? 0 } }
}
