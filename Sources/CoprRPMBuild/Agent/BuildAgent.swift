import Foundation

/// One run of copr-rpmbuild, told as its steps: announce, lock, prepare the results
/// directory, get and check the task, build, mark success. Any thrown error leaves no
/// `success` file; the caller logs it and exits 1.
public struct BuildAgent: Sendable {
    public let context: BuildContext

    public init(context: BuildContext) { self.context = context }

    public func run(_ request: BuildRequest) async throws {
        announce(request)
        let lock = try await BuildLock.acquire(path: context.config.lockFile,
                                               pollInterval: context.config.timings.lockPollInterval,
                                               logger: context.logger)
        defer { lock.release() }
        try prepareResultDirectory(drop: request.dropResultDir)
        let task = try await TaskLoader(context: context)
            .load(from: request.origin, sourceBuild: request.sourceBuild, chrootOverride: request.chroot)
        try TaskValidator.validate(task, sourceBuild: request.sourceBuild)
        if request.sourceBuild {
            try await SourceBuild(context: context).run(task)
        } else {
            try await BinaryBuild(context: context).run(task)
        }
        try ResultsFile.markSuccess(in: context.config.resultDir)
        context.logger.info("Build succeeded; results are in \(context.config.resultDir)")
    }

    /// Upstream's header: how to reproduce, version, pids.
    private func announce(_ request: BuildRequest) {
        let logger = context.logger
        logger.info("Running: \(request.commandLine.joined(separator: " "))")
        logger.info("To reproduce this build locally, install the copr-rpmbuild agent and run: copr-rpmbuild \(request.commandLine.dropFirst().filter { $0 != "--detached" && $0 != "-d" }.joined(separator: " "))")
        logger.info("Version: \(CoprRPMBuildVersion.current)")
        logger.info("Configuration: \(context.config.sourcePath ?? "built-in defaults")")
        logger.info("PID: \(getpid())")
        if let loggerPID = ProcessInfo.processInfo.environment[Detacher.loggerPIDVariable] {
            logger.info("Logging PID: \(loggerPID)")
        }
    }

    /// Creates the results directory and the workspace; with `--drop-resultdir` empties
    /// the results directory first, so no file of a previous task (least of all `success`)
    /// survives.
    private func prepareResultDirectory(drop: Bool) throws {
        if drop {
            try Directories.recreate(context.config.resultDir)
        } else {
            try Directories.ensure(context.config.resultDir)
            try? FileManager.default.removeItem(atPath: context.config.resultDir + "/success")
        }
        try Directories.ensure(context.config.workspace)
    }
}
