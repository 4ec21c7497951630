import CoprCore
import Foundation

/// `--detached`, as upstream's copr-rpmbuild does it: starts the log filter and the build
/// as two new sessions connected by a pipe, records the build's process group id in `pidfile`
/// and the filter's pid in `logger_pidfile`, and returns at once.
///
/// The build is the same command line without `--detached`; its output (and that of every
/// program it runs) flows through the filter into `logfile`. The filter ends at the end of
/// its input, i.e. only after the last process of the build closed the pipe, which is what
/// `copr-rpmbuild-log` waits for.
public struct Detacher: Sendable {
    public let config: BuilderConfig

    public init(config: BuilderConfig) { self.config = config }

    /// Environment variable through which the build learns the filter's pid for its log.
    public static let loggerPIDVariable = "COPR_RPMBUILD_LOGGER_PID"

    /// Launches filter and build; `buildArguments` is the command line without `--detached`
    /// (argv[0] excluded).
    public func launch(buildArguments: [String]) throws {
        for path in [config.logFile, config.pidFile, config.loggerPidFile] {
            try Directories.ensure((path as NSString).deletingLastPathComponent)
        }
        guard FileManager.default.createFile(atPath: config.logFile, contents: nil) else {
            throw CoprRPMBuildError.missingFile(path: config.logFile, reason: "cannot truncate the log")
        }
        // The pid files of a previous run must not be mistaken for this one's.
        try? FileManager.default.removeItem(atPath: config.loggerPidFile)
        var pipe: [Int32] = [0, 0]
        guard Foundation.pipe(&pipe) == 0 else {
            throw CoprRPMBuildError.missingFile(path: "pipe", reason: String(cString: strerror(errno)))
        }
        // Only the spawned processes get these, through their standard descriptors.
        for descriptor in pipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            close(pipe[0])
            close(pipe[1])
            close(devNull)
        }
        let executable = ProcessRunner.currentExecutable
        let loggerPID = try started {
            try ProcessRunner.detach(
                executable, ["loggify", "--logfile", config.logFile], argv0: "copr-rpmbuild",
                standardInput: pipe[0], standardOutput: devNull, standardError: devNull)
        }
        let buildPID = try started {
            try ProcessRunner.detach(
                executable, buildArguments, argv0: "copr-rpmbuild", environment: [Self.loggerPIDVariable: String(loggerPID)],
                standardInput: devNull, standardOutput: pipe[1], standardError: pipe[1])
        }
        try Directories.write("\(buildPID)\n", to: config.pidFile)
        try Directories.write("\(loggerPID)\n", to: config.loggerPidFile)
    }

    private func started(_ spawn: () throws -> pid_t) throws -> pid_t {
        do {
            return try spawn()
        } catch let error as ProcessSpawnFailed {
            throw CoprRPMBuildError.commandFailed(command: error.command, status: error.description)
        }
    }
}
