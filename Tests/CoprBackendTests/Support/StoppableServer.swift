/// A server a test starts and must stop again, whatever the test's outcome.
protocol StoppableServer {
    func stop() async
}

extension StoppableServer {
    /// Runs `body` with this server, then stops it, also when `body` throws.
    func serving<T>(_ body: (Self) async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body(self)
        } catch {
            await stop()
            throw error
        }
        await stop()
        return result
    }
}
