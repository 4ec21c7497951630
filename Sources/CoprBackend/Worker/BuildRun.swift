import CoprCore
import Foundation
import Logging

/// One build while its worker carries it out: the task (with what the build learns of it:
/// status, times, packages), its result directory and logs, its lifecycle, and the shell
/// of the lease it holds. Shared between the worker's steps, which the cancel switch may
/// interrupt at any await, so what changes is behind locks.
final class BuildRun: Sendable {
    let directory: ResultDirectory
    /// Logs to backend.log (public) and worker.log (internal).
    let log: Logger
    let backendLog: LogFile
    let recorder: BuildRecorder
    private let jobState: LockedValue<BuildJob>
    private let shellState = LockedValue<(allocationID: String, shell: any RemoteShell)?>(nil)

    init(job: BuildJob, directory: ResultDirectory, log: Logger, backendLog: LogFile, recorder: BuildRecorder) {
        self.jobState = LockedValue(job)
        self.recorder = recorder
        self.directory = directory
        self.log = log
        self.backendLog = backendLog
    }

    var job: BuildJob { jobState.value }

    var lifecycle: BuildLifecycle { recorder.lifecycle }

    func updateJob(_ change: (inout BuildJob) -> Void) {
        jobState.withLock { change(&$0) }
    }

    /// The shell of `lease`, made once per lease (its SSH master connection is shared by
    /// every command on it).
    func shell(for lease: BuilderHost, make: () -> any RemoteShell) -> any RemoteShell {
        shellState.withLock { current in
            if let current, current.allocationID == lease.allocationID { return current.shell }
            let shell = make()
            current = (lease.allocationID, shell)
            return shell
        }
    }

    /// Forgets the shell of the lease held until now, for the caller to close.
    func takeShell() -> (any RemoteShell)? {
        shellState.withLock { current in
            defer { current = nil }
            return current?.shell
        }
    }
}
