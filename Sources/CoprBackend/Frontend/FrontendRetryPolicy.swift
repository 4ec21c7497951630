/// How a frontend client retries: 5xx, 408, network errors and an API version that
/// is too old are retried after growing sleeps (step, 2 × step, 3 × step …); other
/// 4xx responses are final at once.
public struct FrontendRetryPolicy: Sendable {
    /// Nil: retry without limit (the worker: a build must never be lost because the
    /// frontend was down for a while). Every retry still sleeps first.
    public var maxAttempts: Int?
    public var step: Duration
    /// The longest sleep between two attempts, so an endless retry keeps polling at a
    /// sane rate after a long outage.
    public var maxSleep: Duration
    public var requestTimeout: Duration

    public init(maxAttempts: Int?, step: Duration, maxSleep: Duration = .seconds(120), requestTimeout: Duration) {
        self.maxAttempts = maxAttempts
        self.step = step
        self.maxSleep = maxSleep
        self.requestTimeout = requestTimeout
    }

    /// The worker's policy: endless, upstream HEAD's `try_indefinitely=True`.
    public static func worker(_ timing: TimingOptions) -> FrontendRetryPolicy {
        FrontendRetryPolicy(maxAttempts: nil, step: timing.frontendRetryStep, requestTimeout: timing.frontendRequestTimeout)
    }

    /// The dispatcher's policy: upstream HEAD's 5 attempts, so one cycle never waits for
    /// a frontend that is down; the next cycle asks again.
    public static func dispatcher(_ timing: TimingOptions) -> FrontendRetryPolicy {
        FrontendRetryPolicy(maxAttempts: 5, step: timing.frontendRetryStep, requestTimeout: timing.frontendRequestTimeout)
    }

    /// Sleep after failed attempt number `attempt` (1-based).
    public func sleep(afterAttempt attempt: Int) -> Duration {
        min(step * attempt, maxSleep)
    }

    public func mayRetry(afterAttempt attempt: Int) -> Bool {
        maxAttempts.map { attempt < $0 } ?? true
    }
}
