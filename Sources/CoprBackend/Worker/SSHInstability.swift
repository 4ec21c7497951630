/// Upstream's rule for giving up on a flaky connection while following the live log:
/// once four failures happened with a mean spacing under the window,
/// the host is unusable; rarer failures are reconnected forever.
public struct SSHInstability: Sendable {
    public let window: Duration
    private var failures: [ContinuousClock.Instant] = []

    public init(window: Duration) {
        self.window = window
    }

    /// Records a failure; returns true when the connection counts as unstable.
    public mutating func recordFailure(at instant: ContinuousClock.Instant = .now) -> Bool {
        failures.append(instant)
        let recent = failures.suffix(4)
        guard recent.count == 4 else { return false }
        let span = recent.last! - recent.first!
        return span / 3 < window
    }

    public var failureCount: Int { failures.count }
}
