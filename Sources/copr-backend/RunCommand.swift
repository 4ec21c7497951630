import ArgumentParser
import CoprBackend
import Dispatch
import Foundation
import Logging

/// `copr-backend run`: the daemon. Takes tasks from the frontend and runs each as a
/// worker task, within the configured limits, until SIGTERM or SIGINT.
///
/// Exit codes: 0 after a graceful stop; 1 when the backend cannot run; 2 for bad
/// configuration or when another daemon already uses the state dir.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the build dispatcher daemon.")

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    func run() async throws {
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        let loggers = try configuration.loggersForCommand("build_dispatcher", "worker", "msgbus")
        let (logger, workerLogger, busLogger) = (loggers[0], loggers[1], loggers[2])
        let lock: DaemonLock
        do {
            lock = try DaemonLock.acquire(stateDirectory: configuration.backend.stateDir)
        } catch {
            FileHandle.standardError.write(Data("copr-backend: \(error)\n".utf8))
            throw ExitCode(2)
        }
        defer { lock.release() }
        let journal = try configuration.journalForCommand()

        let metrics = BackendMetrics()
        let frontend = FrontendClient(
            baseURL: configuration.backend.frontendBaseURL, password: configuration.backend.frontendAuth,
            policy: .dispatcher(configuration.timing), logger: logger, metrics: metrics)
        let buses = try configuration.messageBusesForCommand(journal: journal, metrics: metrics, logger: busLogger)
        var services = BuildWorker.Services.from(configuration, metrics: metrics, logger: workerLogger)
        services.events = buses.events
        let worker = BuildWorker(configuration: configuration, services: services, logger: workerLogger)
        let dispatcher = Dispatcher(
            frontend: frontend, worker: worker, options: configuration.scheduling, metrics: metrics, journal: journal,
            queueDumpPath: configuration.backend.logLevel == "debug"
                ? (configuration.backend.logDir as NSString).appendingPathComponent("copr-build-dispatcher-queue.json") : nil,
            logger: logger)
        let server = DaemonHTTPServer(address: configuration.backend.httpListen, dispatcher: dispatcher, logger: logger)
        let signals = SignalCancellation(signals: [SIGINT, SIGTERM]) {
            logger.info("Signal received, stopping")
            Task { await dispatcher.stop() }
        }
        defer { signals.stop() }

        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await server.run { port in
                            logger.info("Listening on \(configuration.backend.httpListen.host):\(port)")
                        }
                    } catch {
                        // Cancelled: the dispatcher stopped first, as it should.
                        if Task.isCancelled { return }
                        // Without its HTTP address the daemon cannot be woken or observed.
                        await dispatcher.stop()
                        throw error
                    }
                }
                group.addTask { await dispatcher.run() }
                if let delivery = buses.delivery {
                    // Runs until the dispatcher stops; what is undelivered stays in the outbox.
                    group.addTask { await delivery.run() }
                }
                try await group.next()
                group.cancelAll()
                try await group.waitForAll()
            }
        } catch {
            logger.error("Cannot serve on \(configuration.backend.httpListen): \(error)")
            FileHandle.standardError.write(Data("copr-backend: cannot serve on \(configuration.backend.httpListen): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
