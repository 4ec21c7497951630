import Logging

extension FrontendRetryPolicy {
    /// Runs `attempt` until it returns or throws anything but a `RetryableFrontendFailure`;
    /// each retryable failure is counted in `metrics`, logged with `path`, and followed by
    /// the policy's sleep. Throws `FrontendError.gaveUp` naming `url` once the policy
    /// allows no more attempts.
    public func run<Value>(
        _ path: String, url: String, logger: Logger, metrics: BackendMetrics?, _ attempt: () async throws -> Value
    ) async throws -> Value {
        var attempts = 0
        while true {
            attempts += 1
            let failure: String
            do {
                return try await attempt()
            } catch let error as RetryableFrontendFailure {
                failure = error.description
                metrics?.frontendError()
            }
            guard mayRetry(afterAttempt: attempts) else {
                throw FrontendError.gaveUp(url: url, attempts: attempts, lastError: failure)
            }
            let pause = sleep(afterAttempt: attempts)
            logger.warning("Retry request #\(attempts) on \(path) in \(pause.seconds) s: \(failure)")
            try await Task.sleep(for: pause)
        }
    }
}
