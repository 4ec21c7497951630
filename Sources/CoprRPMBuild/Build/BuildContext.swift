import Logging

/// What every build step needs: the configuration, the log, and the clients for
/// programs and downloads, with the retry policies named once here.
public struct BuildContext: Sendable {
    public let config: BuilderConfig
    public let logger: Logger
    public let runner: CommandRunner
    public let downloader: Downloader

    public init(config: BuilderConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        runner = CommandRunner(logger: logger, signalStep: config.timings.timeoutSignalStep)
        downloader = Downloader(logger: logger, policy: URLPolicy(
            workspace: config.workspace, addresses: config.addressPolicy, resolveTimeout: config.timings.dnsTimeout))
    }

    /// Task JSON and other small documents: upstream's SafeRequest (5 attempts, 30 s each).
    public var httpRetry: RetryPolicy {
        RetryPolicy(attempts: config.timings.httpAttempts, timeout: config.timings.httpTimeout,
                    delay: config.timings.httpRetryDelay)
    }

    /// Sources and SRPMs: as many attempts, with room for big files.
    public var downloadRetry: RetryPolicy {
        RetryPolicy(attempts: config.timings.httpAttempts, timeout: config.timings.downloadTimeout,
                    delay: config.timings.httpRetryDelay)
    }

    /// A fresh, empty work directory for one task inside the workspace.
    public func workDirectory(for task: BuildTask) throws -> String {
        let path = config.workspace + "/task-\(task.buildID)"
        try Directories.recreate(path)
        return PathSafety.canonical(path)
    }
}
