import CoprCore
import Foundation

/// `copr-rpmbuild-log`: waits until `logger_pidfile` and `logfile`
/// exist (printing "File … doesn't exist, yet" every poll), then replaces itself with
/// `tail -F -n +0 --pid=<logger pid> <logfile>`, which ends after the log filter ended.
public struct LogFollower: Sendable {
    public let config: BuilderConfig

    public init(config: BuilderConfig) { self.config = config }

    /// Waits for the files; returns the logger pid, or nil after `log_wait_timeout`.
    public func waitForFiles() async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + config.timings.logWaitTimeout
        while true {
            let missing = [config.loggerPidFile, config.logFile].first { !FileManager.default.fileExists(atPath: $0) }
            if missing == nil, let text = try? String(contentsOfFile: config.loggerPidFile, encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            FileDescriptorWriter.standardOutput.write("File \(missing ?? config.loggerPidFile) doesn't exist, yet\n")
            guard clock.now < deadline else { return nil }
            try? await Task.sleep(for: min(config.timings.logPollInterval, deadline - clock.now))
        }
    }

    /// Replaces this process with `tail`; only returns if `exec` failed.
    public func execTail(loggerPID: Int32) -> Never {
        let arguments = ["tail", "-F", "-n", "+0", "--pid=\(loggerPID)", config.logFile]
        let argv = arguments.map { strdup($0) } + [nil]
        execvp("tail", argv)
        FileHandle.standardError.write(Data("Cannot run tail: \(String(cString: strerror(errno)))\n".utf8))
        exit(1)
    }
}
