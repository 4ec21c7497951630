/// How long a publisher waits before it connects again after failed attempts: nothing
/// after a success, then `initial`, doubled after every further failure, never more than
/// `maximum`. A plain value; the publisher records outcomes and sleeps what it says.
public struct ReconnectBackoff: Sendable, Equatable {
    /// The pause after the first failure.
    public var initial: Duration
    /// The longest pause, however many failures.
    public var maximum: Duration
    /// Failed connection rounds since the last success.
    public private(set) var failures = 0

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The pause before the next attempt.
    public var delay: Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<failures where delay < maximum {
            delay *= 2
        }
        return min(delay, maximum)
    }

    /// A connection round failed: the next pause doubles.
    public mutating func recordFailure() {
        failures += 1
    }

    /// A connection succeeded: no pause before the next round.
    public mutating func recordSuccess() {
        failures = 0
    }
}
