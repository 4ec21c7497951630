/// How the backend talks to a builder (`[builder]` in copr-be.conf).
///
/// The command options are the builder-side contract. The worker
/// appends its own arguments, each shell-quoted: the chroot to `ready_command`; the task
/// arguments (`--task-url URL --chroot C --detached`, or `--srpm --task-url URL
/// --detached`) to `start_command`.
public struct BuilderOptions: Sendable {
    /// Default `job.timeout` when the task carries none, in seconds.
    public var defaultTimeout: Int = 21600
    public var minVersion: String = "1.6.1"
    /// Upstream's rpm query, falling back to the agent's `--version` on builders where
    /// copr-rpmbuild is not an RPM package (Debian, containers). The last line counts.
    public var versionCommand: String = #"rpm -q copr-rpmbuild --qf "%{VERSION}\n" || copr-rpmbuild --version"#
    public var readyCommand: String = "copr-builder-ready"
    public var startCommand: String = "copr-rpmbuild --verbose --drop-resultdir"
    public var logCommand: String = "copr-rpmbuild-log"
    public var cancelCommand: String = "copr-rpmbuild-cancel"
    /// Prints the process group of the detached build (the agent's `pidfile`), so that a
    /// daemon taking a build up after a restart knows it still follows the same build.
    /// A local builder's agent names its pidfile in `COPR_RPMBUILD_PIDFILE`.
    public var pidCommand: String = #"cat "${COPR_RPMBUILD_PIDFILE:-/var/lib/copr-rpmbuild/pid}""#
    public var resultsDir: String = "/var/lib/copr-rpmbuild/results"
    /// Attempts of one task on builders, over all hosts; bounds a pool that keeps
    /// handing out the same broken host.
    public var maxAttempts: Int = 6
    /// Distinct hosts one task may try before it fails.
    public var maxHosts: Int = 3
    public var consecutiveFailureThreshold: Int = 10

    public init() {}
}
