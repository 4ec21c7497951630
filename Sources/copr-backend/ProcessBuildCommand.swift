import ArgumentParser
import CoprBackend
import CoprCore
import Dispatch
import Foundation
import Logging

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
        var delivery: EventDelivery?
        if !configuration.messageBuses.isEmpty {
            // The daemon's outbox: what this process cannot deliver, the daemon will.
            let buses = try configuration.messageBusesForCommand(
                journal: try configuration.journalForCommand(), metrics: nil, logger: busLogger)
            services.events = buses.events
            delivery = buses.delivery
        }
        let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
        let interrupt = BuildInterrupt()
        let signals = SignalCancellation(signals: [SIGINT, SIGTERM]) {
            logger.warning("Signal received, canceling task \(TaskID(buildID: buildID, resultsChroot: chroot))")
            interrupt.cancel()
        }
        defer { signals.stop() }
        let outcome = await worker.process(buildID: buildID, chroot: chroot, interrupt: interrupt)
        if let delivery {
            let left = await delivery.drain(for: configuration.timing.eventDeliveryWait)
            if left > 0 { busLogger.warning("\(left) event(s) left in the outbox for the daemon to deliver") }
        }
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
