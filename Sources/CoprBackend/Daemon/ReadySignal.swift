/// Tells the dispatcher once that what its first cycle needs is there: the embedded
/// frontend listens, so the builders it starts find a server to fetch their task from,
/// and not a refused connection.
///
/// ```swift
/// let frontendListens = ReadySignal()
/// let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: options, startsAfter: frontendListens, logger: logger)
/// let server = FrontendServer(host: host, port: port, limits: limits, parts: parts, logger: logger) { _ in frontendListens.announce() }
/// ```
public struct ReadySignal: Sendable {
    private let announcements: AsyncStream<Void>
    private let announcer: AsyncStream<Void>.Continuation

    public init() {
        (announcements, announcer) = AsyncStream.makeStream()
    }

    /// What the dispatcher waits for is ready; later calls change nothing.
    public func announce() {
        announcer.finish()
    }

    /// Returns once `announce()` was called, or when the calling task is cancelled. For
    /// one waiter: the dispatcher.
    func wait() async {
        for await _ in announcements {}
    }
}
