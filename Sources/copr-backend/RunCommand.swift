import ArgumentParser
import CoprBackend
import CoprCore
import CoprInProcessFrontend
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `copr-backend run`: the daemon. Takes tasks from the frontend and runs each as a
/// worker task, within the configured limits, until SIGTERM or SIGINT. With the embedded
/// frontend (`[frontend]`, the default without a `frontend_base_url`) it serves that
/// frontend too: the dispatcher and the workers call it in process, the builders over
/// HTTP, and the dispatcher starts once it listens. The parts run as
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
        let loggers = try configuration.loggersForCommand("build_dispatcher", "worker", "msgbus", "frontend", "actions")
        let (logger, workerLogger, busLogger, frontendLogger) = (loggers[0], loggers[1], loggers[2], loggers[3])
        let actionsLogger = loggers[4]
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
        let buses = try configuration.messageBusesForCommand(journal: journal, metrics: metrics, logger: busLogger)
        var services = BuildWorker.Services.from(configuration, metrics: metrics, logger: workerLogger)
        services.events = buses.events
        try await configuration.localBuildersForCommand(shells: services.shells)
        for warning in configuration.startupWarnings {
            logger.warning("\(warning)")
            FileHandle.standardError.write(Data("copr-backend: warning: \(warning)\n".utf8))
        }
        var frontend: any FrontendAPI = FrontendClient(
            baseURL: configuration.backend.frontendBaseURL, password: configuration.backend.frontendAuth,
            policy: .dispatcher(configuration.timing), logger: logger, metrics: metrics)
        var listeners: [any Service] = []
        var sweeps: [any Service] = []
        // The builders fetch their task from the embedded frontend over HTTP: the
        // dispatcher's first cycle waits until it listens.
        let frontendListens = configuration.frontend.embedded ? ReadySignal() : nil
        // The store is opened before the dispatcher that reads it; its wake-ups reach the
        // dispatcher once that exists (its first cycle reads the whole queue anyway), and
        // so do the user API's questions about the queue.
        let wakes = LockedValue<Dispatcher?>(nil)
        let actionWakes = LockedValue<ActionDispatcher?>(nil)
        let farm = LockedValue<FarmStatus.Reader?>(nil)
        var actionFrontend: any ActionFrontendAPI = FrontendClient(
            baseURL: configuration.backend.frontendBaseURL, password: configuration.backend.frontendAuth,
            policy: .dispatcher(configuration.timing), logger: actionsLogger, metrics: metrics)
        if let frontendListens {
            let options = configuration.frontend
            let embedded: EmbeddedFrontend
            do {
                embedded = try EmbeddedFrontend(
                    configuration, queue: DispatcherQueueReporter(dispatcher: wakes), farm: DaemonFarmSource(reader: farm),
                    onWork: { wakes.value?.wakeUp() }, onActions: { actionWakes.value?.wakeUp() },
                    onListening: { port in
                        logger.info("Embedded frontend listening on \(options.listen.host):\(port), public URL \(options.publicURL)")
                        frontendListens.announce()
                    },
                    logger: frontendLogger)
            } catch {
                FileHandle.standardError.write(Data("copr-backend: cannot open the embedded frontend's store: \(error)\n".utf8))
                throw ExitCode(1)
            }
            listeners.append(embedded.server)
            sweeps.append(embedded.expirySweep)
            // The dispatcher and the workers call the embedded frontend in process, each
            // with its own retry policy, as they would call it over HTTP.
            frontend = InProcessFrontend(
                store: embedded.store, layout: embedded.layout, policy: .dispatcher(configuration.timing), logger: logger, metrics: metrics)
            services.frontend = InProcessFrontend(
                store: embedded.store, layout: embedded.layout, policy: .worker(configuration.timing), logger: workerLogger, metrics: metrics)
            actionFrontend = InProcessFrontend(
                store: embedded.store, layout: embedded.layout, policy: .dispatcher(configuration.timing), logger: actionsLogger, metrics: metrics)
        }
        let worker = BuildWorker(configuration: configuration, services: services, logger: workerLogger)
        let dispatcher = Dispatcher(
            frontend: frontend, worker: worker, options: configuration.scheduling, metrics: metrics, journal: journal,
            queueDumpPath: configuration.backend.logLevel == "debug"
                ? (configuration.backend.logDir as NSString).appendingPathComponent("copr-build-dispatcher-queue.json") : nil,
            startsAfter: frontendListens, logger: logger)
        wakes.withLock { $0 = dispatcher }
        // The frontend's actions (deletes, createrepo, forks, keys), the embedded one's too.
        let actions = ActionDispatcher(
            frontend: actionFrontend,
            executor: ActionExecutor(
                layout: ResultsLayout(destdir: configuration.backend.destdir, baseURL: configuration.backend.resultsBaseURL),
                createrepo: services.createrepo, signer: services.signer, signDomain: configuration.backend.signDomain,
                frontend: (configuration.backend.frontendBaseURL, .dispatcher(configuration.timing))),
            options: configuration.scheduling, metrics: metrics, journal: journal, logger: actionsLogger)
        actionWakes.withLock { $0 = actions }
        let reader = FarmStatus.Reader(dispatcher: dispatcher, hosts: services.hosts, delivery: buses.delivery, actions: actions)
        farm.withLock { $0 = reader }
        listeners.append(DaemonHTTPServer(
            address: configuration.backend.httpListen, limits: configuration.backend.httpLimits, farm: reader, logger: logger,
            onListening: { port in logger.info("Listening on \(configuration.backend.httpListen.host):\(port)") }))

        let daemon = DaemonServices(
            listeners: listeners, sweeps: sweeps, delivery: buses.delivery, actions: actions, dispatcher: dispatcher)
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
