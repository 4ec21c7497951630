import CoprCore
import Foundation

/// `copr-rpmbuild-cancel`, as upstream's: reads the build's process group id from
/// `pidfile`; while any process of the build is alive, sends SIGINT to its groups and
/// waits `cancel_interval` (3 s), adding SIGKILL once `cancel_kill_after` (30 s) passed.
public struct Canceller: Sendable {
    public let config: BuilderConfig

    public init(config: BuilderConfig) { self.config = config }

    /// The outcome, printed by the command as upstream does.
    public enum Outcome: Sendable, Equatable {
        /// Processes were found and are gone now: `success`.
        case stopped
        /// Nothing of the build was running: `PID <n> not found`.
        case notFound(Int32)

        public var message: String {
            switch self {
            case .stopped: return "success"
            case .notFound(let pid): return "PID \(pid) not found"
            }
        }
    }

    /// Reads the pid file; a missing file is an error (the backend logs it).
    public func readGroupID() throws -> Int32 {
        guard let text = try? String(contentsOfFile: config.pidFile, encoding: .utf8) else {
            throw CoprRPMBuildError.missingFile(path: config.pidFile, reason: "no build was started on this builder (no pid file)")
        }
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else {
            throw CoprRPMBuildError.missingFile(path: config.pidFile, reason: "it does not contain a process group id")
        }
        return pid
    }

    /// Stops the build; returns when none of its processes is left.
    public func cancel() async throws -> Outcome {
        let groupID = try readGroupID()
        let clock = ContinuousClock()
        let start = clock.now
        var found = false
        while true {
            let groups = ProcessTable().groups(ofBuild: groupID)
            if groups.isEmpty { break }
            found = true
            let kill = clock.now - start > config.timings.cancelKillAfter
            for group in groups {
                Foundation.kill(-group, SIGINT)
                if kill { Foundation.kill(-group, SIGKILL) }
            }
            try await Task.sleep(for: config.timings.cancelInterval)
        }
        return found ? .stopped : .notFound(groupID)
    }
}
