/// Every wait, poll, timeout and retry pause of the worker (`[timing]` in copr-be.conf).
///
/// Upstream hard-codes these; here each is an option with upstream's value as default,
/// so operators can tune them and tests can scale them down.
public struct TimingOptions: Sendable {
    /// How long to wait for `<chroot_dir>/repodata/repomd.xml` before failing the build.
    public var repoWaitTimeout: Duration = .seconds(60)
    public var repoWaitPoll: Duration = .seconds(2)
    /// Sleeps between readiness checks of a new host; the last value repeats.
    public var hostReadyBackoff: [Duration] = [3, 3, 6, 6, 10, 10, 10, 20, 20, 20, 30, 60].map { .seconds($0) }
    /// Pause before asking for a new host after an allocation failed.
    public var hostRetryPause: Duration = .seconds(60)
    /// Pause after a failed SSH attempt (rsync, cancel, log reconnect).
    public var sshRetryPause: Duration = .seconds(10)
    /// Limit for every command over SSH except the log follow.
    public var sshCommandTimeout: Duration = .seconds(180)
    /// Four log-follow failures whose mean spacing is under this mean "unstable SSH".
    public var sshUnstableWindow: Duration = .seconds(120)
    /// The n-th retry of a frontend request sleeps n × this.
    public var frontendRetryStep: Duration = .seconds(5)
    public var frontendRequestTimeout: Duration = .seconds(30)
    public var signRetryPause: Duration = .seconds(20)
    /// After the remote cancel command, how long the build may take to stop.
    public var cancelGrace: Duration = .seconds(30)
    /// How often a running build checks the timeout fail-safe.
    public var cancelCheckPeriod: Duration = .seconds(5)
    /// How often a running build asks the host provider whether its host is alive.
    public var ticketLivenessPeriod: Duration = .seconds(600)
    /// Extra time after the task's own timeout before the backend gives up on a build.
    public var timeoutGrace: Duration = .seconds(3600)
    public var rsyncAttempts: Int = 3
    /// The first pause after a message bus failed to confirm an event; it doubles up to a
    /// minute while the bus stays down.
    public var eventRetryPause: Duration = .seconds(1)
    /// How long a standalone `process-build` tries to deliver its events before it exits
    /// and leaves the rest in the outbox for the daemon.
    public var eventDeliveryWait: Duration = .seconds(30)

    public init() {}

    /// The sleep before readiness check number `attempt` (0-based).
    public func hostReadyDelay(attempt: Int) -> Duration {
        hostReadyBackoff[min(attempt, hostReadyBackoff.count - 1)]
    }
}
