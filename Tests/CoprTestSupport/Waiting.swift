/// Polls `condition` until it holds, throwing ``TestSupportError/timeout(_:)`` (naming
/// `what`) once `timeout` has passed. For asserting on things that happen asynchronously,
/// such as a stub receiving a request or a file appearing on a test host.
public func waitUntil(
    _ what: String,
    timeout: Duration = .seconds(10),
    every interval: Duration = .milliseconds(20),
    isolation: isolated (any Actor)? = #isolation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw TestSupportError.timeout(what)
        }
        try await Task.sleep(for: interval)
    }
}
