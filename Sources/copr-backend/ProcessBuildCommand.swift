import ArgumentParser
import CoprBackend
import CoprCore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `copr-backend process-build`: one task in the foreground, until its final state.
///
/// Exit codes: 0 the task reached a final state (or was cancelled before it started);
/// 1 the backend itself cannot run; 2 bad configuration; 3 the frontend has no such task.
/// SIGINT and SIGTERM cancel the task through the normal cancel path.
struct ProcessBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process-build",
        abstract: "Process one build task in the foreground.")

    @Option(name: .customLong("build-id"), help: "The frontend's build id.")
    var buildID: Int

    @Option(help: "The chroot to build, or 'srpm-builds' for the source build.")
    var chroot: String

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    func run() async throws {
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        let loggers = try configuration.loggersForCommand("worker", "msgbus")
        let (logger, busLogger) = (loggers[0], loggers[1])
        var services = BuildWorker.Services.from(configuration, logger: logger)
        try await configuration.localBuildersForCommand(shells: services.shells)
        // The daemon's outbox: what this process cannot deliver, the daemon will.
        let buses = configuration.messageBuses.isEmpty
            ? nil
            : try configuration.messageBusesForCommand(journal: try configuration.journalForCommand(), metrics: nil, logger: busLogger)
        if let buses { services.events = buses.events }
        let delivery = buses?.delivery
        let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
        let interrupt = BuildInterrupt()
        let build = ClosureService {
            let outcome = await withGracefulShutdownHandler {
                // Detached from the group's graceful shutdown, which the worker would take
                // for a stop of the daemon: here a signal is the user's cancel.
                await Task.detached { await worker.process(buildID: buildID, chroot: chroot, interrupt: interrupt) }.value
            } onGracefulShutdown: {
                logger.warning("Signal received, canceling task \(TaskID(buildID: buildID, resultsChroot: chroot))")
                interrupt.cancel()
            }
            if let delivery {
                let left = await delivery.drain(for: configuration.timing.eventDeliveryWait)
                if left > 0 { busLogger.warning("\(left) event(s) left in the outbox for the daemon to deliver") }
            }
            try Self.exit(after: outcome)
        }
        // The build is the group's only service: its end ends the group (its `ExitCode` is
        // the group's error), and a signal cancels it through the normal cancel path
        // instead of killing the process.
        try await ServiceGroup(configuration: .init(
            services: [.init(service: build, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "process-build")],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }

    /// Returns for exit code 0, throws the other exit codes after telling why.
    private static func exit(after outcome: BuildOutcome) throws {
        switch outcome {
        case .finished, .canceledBeforeStart, .leftForNextStart:
            return
        case .taskUnavailable(let reason):
            FileHandle.standardError.write(Data("copr-backend: task not available: \(reason)\n".utf8))
            throw ExitCode(3)
        case .backendFailure(let reason):
            FileHandle.standardError.write(Data("copr-backend: cannot get the task from the frontend: \(reason)\n".utf8))
            throw ExitCode(1)
        }
    }
}
