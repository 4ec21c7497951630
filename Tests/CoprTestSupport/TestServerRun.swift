import Logging
import ServiceLifecycle

/// A server serving a test (a Hummingbird application, or a listener of ours), stopped by
/// a graceful shutdown of its own service group rather than by cancelling its task:
/// cancelling a server while a connection it accepted is still buffered crashes SwiftNIO
/// ("Deinited NIOAsyncWriter without calling finish()"), which a loaded test run hits.
public struct TestServerRun: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts `server`; `onEnd` runs when it stopped, whyever.
    public init(_ server: some Service, logger: Logger, onEnd: @escaping @Sendable () -> Void = {}) {
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [], logger: logger))
        self.group = group
        task = Task {
            defer { onEnd() }
            try await group.run()
        }
    }

    /// How the server ended, once it has.
    public var result: Result<Void, any Error> {
        get async { await task.result }
    }

    /// Stops the server: it closes its connections and returns from `run`.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
