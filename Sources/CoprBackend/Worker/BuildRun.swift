import CoprCore
import Logging

/// The mutable state of one task while the worker processes it: the job, the result
/// directory, the host held right now and whether a remote build is running there.
///
/// Shared between the build (which the cancel switch may interrupt at any await) and
/// the worker's clean-up, which must know what to undo.
final class BuildRun: Sendable {
    struct Held: Sendable {
        var host: BuilderHost
        var shell: any RemoteShell
        /// The detached build was started and has not been seen to end.
        var remoteBuildRunning = false
    }

    let directory: ResultDirectory
    /// Logs to backend.log (public) and worker.log (internal).
    let log: Logger
    let backendLog: LogFile
    let progress: BuildProgress
    private let jobState: LockedValue<BuildJob>
    private let heldState = LockedValue<Held?>(nil)
    /// The results reached the result directory (the consecutive-failure statistic
    /// counts only such builds, as upstream does).
    let resultsDownloaded = LockedValue(false)

    init(job: BuildJob, directory: ResultDirectory, log: Logger, backendLog: LogFile, progress: BuildProgress) {
        self.jobState = LockedValue(job)
        self.progress = progress
        self.directory = directory
        self.log = log
        self.backendLog = backendLog
    }

    var job: BuildJob { jobState.value }

    func updateJob(_ change: (inout BuildJob) -> Void) {
        jobState.withLock { change(&$0) }
    }

    var held: Held? { heldState.value }

    func hold(_ host: BuilderHost, shell: any RemoteShell) {
        heldState.withLock { $0 = Held(host: host, shell: shell) }
    }

    func setRemoteBuildRunning(_ running: Bool) {
        heldState.withLock { $0?.remoteBuildRunning = running }
    }

    /// Takes the held host away, so exactly one caller releases it.
    func takeHeld() -> Held? {
        heldState.withLock { held in
            defer { held = nil }
            return held
        }
    }
}
