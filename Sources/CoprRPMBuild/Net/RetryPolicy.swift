/// How often and how long one kind of external request is tried.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts (at least 1).
    public var attempts: Int
    /// The time limit of a single attempt.
    public var timeout: Duration
    /// The pause between attempts.
    public var delay: Duration

    public init(attempts: Int, timeout: Duration, delay: Duration) {
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.delay = delay
    }
}
