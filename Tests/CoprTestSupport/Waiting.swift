/// Polls `condition` until it holds, throwing ``TestSupportError/timeout(_:)`` (naming
/// `what`) once `timeout` has passed. For asserting on things that happen asynchronously,
/// such as a stub receiving a request or a file appearing on a test host. The default
/// time is a guard against a hang, far beyond what a loaded 2-core machine needs: the
/// wait ends as soon as the condition holds.
public func waitUntil(
    _ what: String,
    timeout: Duration = .seconds(30),
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
