/// The waiting and signalling intervals of the builder agent.
///
/// Defaults are upstream's; each can be changed with a `[main]` key of `main.ini` or the
/// environment variable `COPR_RPMBUILD_<KEY>` (uppercased), so tests can scale them down.
public struct Timings: Sendable, Equatable {
    /// `log_wait_timeout`: how long `copr-rpmbuild-log` waits for the log files (120 s).
    public var logWaitTimeout: Duration = .seconds(120)
    /// `log_poll_interval`: how often `copr-rpmbuild-log` looks for the files (5 s).
    public var logPollInterval: Duration = .seconds(5)
    /// `cancel_interval`: the pause between SIGINT rounds of `copr-rpmbuild-cancel` (3 s).
    public var cancelInterval: Duration = .seconds(3)
    /// `cancel_kill_after`: when `copr-rpmbuild-cancel` starts adding SIGKILL (30 s).
    public var cancelKillAfter: Duration = .seconds(30)
    /// `timeout_signal_step`: the pause between INT, TERM and KILL after a build timeout (10 s).
    public var timeoutSignalStep: Duration = .seconds(10)
    /// `default_build_timeout`: the build timeout when the task has none (3600 s).
    public var defaultBuildTimeout: Duration = .seconds(3600)
    /// `http_timeout`: the time limit of one HTTP attempt (30 s, upstream's SafeRequest).
    public var httpTimeout: Duration = .seconds(30)
    /// `http_attempts`: how many times an HTTP GET is tried (5, upstream's SafeRequest).
    public var httpAttempts: Int = 5
    /// `http_retry_delay`: the pause between HTTP attempts (2 s).
    public var httpRetryDelay: Duration = .seconds(2)
    /// `dns_timeout`: the time limit of resolving the host of a source URL (10 s).
    public var dnsTimeout: Duration = .seconds(10)
    /// `download_timeout`: the time limit of one source download attempt (1800 s).
    public var downloadTimeout: Duration = .seconds(1800)
    /// `git_timeout`: the time limit of one git operation (clone, checkout) (600 s).
    public var gitTimeout: Duration = .seconds(600)
    /// `tool_timeout`: the time limit of a short helper command (rpm queries, `rpmbuild -bs`) (300 s).
    public var toolTimeout: Duration = .seconds(300)
    /// `lock_poll_interval`: how often a second build checks whether the lock was released (1 s).
    public var lockPollInterval: Duration = .seconds(1)

    public init() {}

    /// Applies overrides: INI values first, then the environment (which wins).
    mutating func apply(lookup: (String) -> String?) throws {
        func seconds(_ key: String, _ target: inout Duration) throws {
            guard let raw = lookup(key) else { return }
            guard let value = Double(raw), value >= 0, value < 10_000_000 else {
                throw CoprRPMBuildError.badConfiguration("\(key) must be a number of seconds, got '\(raw)'")
            }
            target = .milliseconds(Int64(value * 1000))
        }
        try seconds("log_wait_timeout", &logWaitTimeout)
        try seconds("log_poll_interval", &logPollInterval)
        try seconds("cancel_interval", &cancelInterval)
        try seconds("cancel_kill_after", &cancelKillAfter)
        try seconds("timeout_signal_step", &timeoutSignalStep)
        try seconds("default_build_timeout", &defaultBuildTimeout)
        try seconds("http_timeout", &httpTimeout)
        try seconds("http_retry_delay", &httpRetryDelay)
        try seconds("dns_timeout", &dnsTimeout)
        try seconds("download_timeout", &downloadTimeout)
        try seconds("git_timeout", &gitTimeout)
        try seconds("tool_timeout", &toolTimeout)
        try seconds("lock_poll_interval", &lockPollInterval)
        if let raw = lookup("http_attempts") {
            guard let value = Int(raw), value >= 1, value <= 100 else {
                throw CoprRPMBuildError.badConfiguration("http_attempts must be 1–100, got '\(raw)'")
            }
            httpAttempts = value
        }
    }
}
