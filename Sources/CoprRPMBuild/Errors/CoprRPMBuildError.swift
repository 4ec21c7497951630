/// Every way a builder run can fail, each with a message that tells the operator (or the
/// user reading `builder-live.log`) what went wrong and what to do next.
///
/// The messages end up in `main.log`, which the backend publishes: they never contain
/// secrets or tracebacks.
public enum CoprRPMBuildError: Error, CustomStringConvertible, Sendable {
    /// A task field from the frontend or a user is unsafe or malformed; the task is refused.
    case refusedTask(String)
    /// The task JSON could not be obtained.
    case taskUnavailable(source: String, reason: String)
    /// The builder configuration is unusable.
    case badConfiguration(String)
    /// A URL was refused before anything was fetched.
    case forbiddenURL(url: String, reason: String)
    /// A download failed after all attempts.
    case downloadFailed(url: String, reason: String)
    /// An external program exited unsuccessfully.
    case commandFailed(command: String, status: String)
    /// An external program exceeded its time limit and was stopped.
    case commandTimedOut(command: String, seconds: Int)
    /// The task asks for a source method this builder does not implement.
    case unsupportedSource(String)
    /// What the source's origin answered cannot be built from (a PyPI release without a
    /// usable sdist, an sdist that is not what the index said).
    case unusableSource(String)
    /// No usable spec file was found where the task said it would be.
    case specNotFound(String)
    /// The chroot cannot be built on this machine.
    case chrootNotBuildable(chroot: String, reason: String)
    /// A command-line invocation is invalid.
    case usage(String)
    /// A file the builder relies on (pid file, results) is missing or unreadable.
    case missingFile(path: String, reason: String)
    /// The builder must confine the package's code (`require_network_isolation`) and
    /// cannot here; nothing of the package ran.
    case isolationUnavailable(String)

    public var description: String {
        switch self {
        case .refusedTask(let why):
            return "Refusing the task: \(why). Fix the package or project settings and resubmit."
        case .taskUnavailable(let source, let reason):
            return "Cannot get the task from \(source): \(reason). Check that the frontend is reachable and the task still exists."
        case .badConfiguration(let why):
            return "Invalid builder configuration: \(why). Fix /etc/copr-rpmbuild/main.ini."
        case .forbiddenURL(let url, let reason):
            return "Refusing URL '\(url)': \(reason)."
        case .downloadFailed(let url, let reason):
            return "Download of '\(url)' failed: \(reason). Check that the URL is public and correct."
        case .commandFailed(let command, let status):
            return "Command '\(command)' failed (\(status)). See the output above for the cause."
        case .commandTimedOut(let command, let seconds):
            return "Command '\(command)' exceeded the timeout of \(seconds) s and was stopped. Raise the build timeout or make the build faster."
        case .unsupportedSource(let why):
            return "Unsupported source: \(why). Use a link to an SRPM or spec file, an upload, a git repository or a PyPI project."
        case .unusableSource(let why):
            return "Cannot build from this source: \(why)."
        case .specNotFound(let why):
            return "No spec file found: \(why). Check the subdirectory and spec settings of the package."
        case .chrootNotBuildable(let chroot, let reason):
            return "Chroot '\(chroot)' cannot be built on this builder: \(reason)."
        case .usage(let why):
            return "Invalid usage: \(why)."
        case .missingFile(let path, let reason):
            return "File \(path) is not usable: \(reason)."
        case .isolationUnavailable(let why):
            return "This builder cannot confine the package's code as its configuration requires: \(why). The builder's operator must fix the builder; the build did not run."
        }
    }
}
