import ArgumentParser
import CoprBackend
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `copr-backend run`: the daemon. Takes tasks from the frontend and runs each as a
/// worker task, within the configured limits, until SIGTERM or SIGINT. With the embedded
/// frontend (`[frontend]`, the default without a `frontend_base_url`) it serves that
/// frontend too, and the dispatcher starts once the frontend listens. The parts run as
/// `DaemonServices`: one `ServiceGroup` that shuts down gracefully on either signal.
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
        let loggers = try configuration.loggersForCommand("build_dispatcher", "worker", "msgbus", "frontend")
        let (logger, workerLogger, busLogger, frontendLogger) = (loggers[0], loggers[1], loggers[2], loggers[3])
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
        try await configuration.localBuildersForCommand(shells: services.shells)
        for warning in configuration.startupWarnings {
            logger.warning("\(warning)")
            FileHandle.standardError.write(Data("copr-backend: warning: \(warning)\n".utf8))
        }
        let worker = BuildWorker(configuration: configuration, services: services, logger: workerLogger)
        // The dispatcher's first poll goes to the embedded frontend: it waits until it listens.
        let frontendListens = configuration.frontend.embedded ? ReadySignal() : nil
        let dispatcher = Dispatcher(
            frontend: frontend, worker: worker, options: configuration.scheduling, metrics: metrics, journal: journal,
            queueDumpPath: configuration.backend.logLevel == "debug"
                ? (configuration.backend.logDir as NSString).appendingPathComponent("copr-build-dispatcher-queue.json") : nil,
            startsAfter: frontendListens, logger: logger)
        var listeners: [any Service] = []
        if let frontendListens {
            let options = configuration.frontend
            do {
                let embedded = try EmbeddedFrontend(
                    configuration, createrepo: services.createrepo, onWork: { dispatcher.wakeUp() },
                    onListening: { port in
                        logger.info("Embedded frontend listening on \(options.listen.host):\(port), public URL \(options.publicURL)")
                        frontendListens.announce()
                    },
                    logger: frontendLogger)
                listeners.append(embedded.server)
            } catch {
                FileHandle.standardError.write(Data("copr-backend: cannot open the embedded frontend's store: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        listeners.append(DaemonHTTPServer(
            address: configuration.backend.httpListen, limits: configuration.backend.httpLimits, dispatcher: dispatcher,
            logger: logger,
            onListening: { port in logger.info("Listening on \(configuration.backend.httpListen.host):\(port)") }))

        let daemon = DaemonServices(listeners: listeners, delivery: buses.delivery, dispatcher: dispatcher)
        do {
            try await daemon.group(gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
        } catch {
            // A listener that cannot serve: without it the daemon has no work, no users, or
            // cannot be woken or observed.
            logger.error("\(error)")
            FileHandle.standardError.write(Data("copr-backend: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
