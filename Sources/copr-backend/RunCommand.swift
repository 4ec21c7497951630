import ArgumentParser
import CoprBackend
import Dispatch
import Foundation
import Logging

/// `copr-backend run`: the daemon. Takes tasks from the frontend and runs each as a
/// worker task, within the configured limits, until SIGTERM or SIGINT. With the embedded
/// frontend (`[frontend]`, the default without a `frontend_base_url`) it serves that
/// frontend too, and the dispatcher starts once the frontend listens.
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
        let dispatcher = Dispatcher(
            frontend: frontend, worker: worker, options: configuration.scheduling, metrics: metrics, journal: journal,
            queueDumpPath: configuration.backend.logLevel == "debug"
                ? (configuration.backend.logDir as NSString).appendingPathComponent("copr-build-dispatcher-queue.json") : nil,
            logger: logger)
        let embeddedFrontend: EmbeddedFrontend?
        do {
            embeddedFrontend = configuration.frontend.embedded
                ? try EmbeddedFrontend(
                    configuration, createrepo: services.createrepo, onWork: { dispatcher.wakeUp() }, logger: frontendLogger)
                : nil
        } catch {
            FileHandle.standardError.write(Data("copr-backend: cannot open the embedded frontend's store: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let server = DaemonHTTPServer(
            address: configuration.backend.httpListen, limits: configuration.backend.httpLimits, dispatcher: dispatcher,
            logger: logger)
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
                if let embeddedFrontend {
                    let (listening, announce) = AsyncStream.makeStream(of: Void.self)
                    group.addTask {
                        defer { announce.finish() }
                        try await Self.serve(embeddedFrontend, configuration.frontend, dispatcher: dispatcher, logger: logger) {
                            announce.yield()
                        }
                    }
                    // The dispatcher's first poll goes to this frontend; a frontend that
                    // could not listen ends the stream, and its error the group.
                    var listens = false
                    for await _ in listening {
                        listens = true
                        break
                    }
                    if !listens { try await group.next() }
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
        } catch let error as ServingFailed {
            logger.error("\(error)")
            FileHandle.standardError.write(Data("copr-backend: \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            logger.error("Cannot serve on \(configuration.backend.httpListen): \(error)")
            FileHandle.standardError.write(Data("copr-backend: cannot serve on \(configuration.backend.httpListen): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Serves the embedded frontend until cancelled; `onListening` runs once it listens.
    /// Without it the daemon has no work and no users, so its failure stops the dispatcher.
    private static func serve(
        _ frontend: EmbeddedFrontend, _ options: FrontendOptions, dispatcher: Dispatcher, logger: Logger,
        onListening: @escaping @Sendable () -> Void
    ) async throws {
        do {
            try await frontend.server.run { port in
                logger.info("Embedded frontend listening on \(options.listen.host):\(port), public URL \(options.publicURL)")
                onListening()
            }
        } catch {
            if Task.isCancelled { return }
            await dispatcher.stop()
            throw ServingFailed(description: "the embedded frontend cannot serve on \(options.listen): \(error)")
        }
    }

    /// The embedded frontend could not serve.
    private struct ServingFailed: Error, CustomStringConvertible {
        var description: String
    }
}
