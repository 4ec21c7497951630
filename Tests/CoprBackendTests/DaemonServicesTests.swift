import CoprBackend
import CoprCore
import CoprFrontend
import CoprHTTPServer
import CoprTestSupport
import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

/// The daemon's `ServiceGroup`, made by `DaemonServices` as `copr-backend run` makes it,
/// stopped by a graceful-shutdown trigger instead of a signal. The listeners are stand-ins
/// that log what happens to them, except in the last test; everything logs to one
/// recorder, so the order of the log is the order of the events. SIGTERM on the real
/// daemon, with builds left running for the next start, is `DaemonRestartTests`.
@Suite("Daemon: the services of copr-backend run", .timeLimit(.minutes(2)))
struct DaemonServicesTests {
    @Test("a graceful shutdown stops the dispatcher, then the action dispatcher, then event delivery, then the listeners; the first poll waits for the frontend")
    func gracefulShutdownInOrder() async throws {
        try await withTemporaryDirectory { directory in
            let log = LogRecorder()
            let frontendListens = ReadySignal()
            let services = try Self.services(
                in: directory, log: log, startsAfter: frontendListens,
                listeners: [
                    StandInListener(name: "frontend", listens: frontendListens, logger: log.logger()),
                    StandInListener(name: "daemon listener", logger: log.logger()),
                ])
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { running in
                    running.addTask { try await services.group(gracefulShutdownSignals: [], logger: log.logger()).run() }
                    try await waitUntil("the dispatchers' first polls") {
                        Self.messages(log).contains("pending-jobs polled") && Self.messages(log).contains("pending-actions polled")
                    }
                    trigger.triggerGracefulShutdown()
                    try await running.waitForAll()
                }
            }
            let messages = Self.messages(log)
            let order = [
                "frontend listens", "pending-jobs polled", "Build dispatcher stopped", "Action dispatcher stopped", "sink closed",
                "daemon listener stopped", "frontend stopped",
            ].map { messages.firstIndex(of: $0) }
            #expect(order.allSatisfy { $0 != nil }, "\(messages)")
            #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(messages)")
        }
    }

    @Test("a listener that cannot serve ends the group with its failure, after the others stopped; the dispatcher never polls")
    func listenerFailure() async throws {
        try await withTemporaryDirectory { directory in
            let log = LogRecorder()
            let services = try Self.services(
                in: directory, log: log, startsAfter: ReadySignal(),
                listeners: [
                    StandInListener(name: "frontend", failsWith: "Address already in use", logger: log.logger()),
                    StandInListener(name: "daemon listener", logger: log.logger()),
                ])
            let error = await #expect(throws: ListenerFailure.self) {
                try await services.group(gracefulShutdownSignals: [], logger: log.logger()).run()
            }
            #expect(error?.description == "the embedded frontend cannot serve on 127.0.0.1:5000: Address already in use")
            let messages = Self.messages(log)
            #expect(!messages.contains("pending-jobs polled"), "\(messages)")
            for stopped in ["Build dispatcher stopped before its first cycle", "sink closed", "daemon listener stopped"] {
                #expect(messages.contains(stopped), "\(messages)")
            }
        }
    }

    @Test("the real listeners stop listening on a graceful shutdown and close their idle connections at once")
    func realListeners() async throws {
        try await withTemporaryDirectory { directory in
            let log = LogRecorder()
            let ports = LockedValue<[String: Int]>([:])
            // Timeouts far beyond the test's own time: only the shutdown can close the connections.
            let limits = ListenerLimits(idleTimeout: .seconds(600), headerTimeout: .seconds(600), bodyTimeout: .seconds(600), maxConnections: 10)
            let frontendListens = ReadySignal()
            let parts = try Self.services(in: directory, log: log, startsAfter: frontendListens, listeners: [])
            let services = DaemonServices(
                listeners: [
                    FrontendServer(host: "127.0.0.1", port: 0, limits: limits, parts: [], logger: log.logger()) { port in
                        ports.withLock { $0["frontend"] = port }
                        frontendListens.announce()
                    },
                    DaemonHTTPServer(
                        address: ListenAddress(host: "127.0.0.1", port: 0), limits: limits,
                        farm: FarmStatus.Reader(dispatcher: parts.dispatcher, hosts: StaticHostPool(hosts: []), delivery: parts.delivery),
                        logger: log.logger()
                    ) { port in ports.withLock { $0["daemon"] = port } },
                ],
                delivery: parts.delivery, dispatcher: parts.dispatcher)
            var connections: [RawConnection] = []
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { running in
                    running.addTask { try await services.group(gracefulShutdownSignals: [], logger: log.logger()).run() }
                    try await waitUntil("both listeners") { ports.value.count == 2 }
                    for port in ports.value.values {
                        connections.append(try await RawConnection.open(port: port))
                        let answered = try await RawConnection.open(port: port)
                        await answered.send("GET /health HTTP/1.1\r\nHost: listener.test\r\n\r\n")
                        try await waitUntil("an answer") { answered.received.contains("\r\n\r\n") }
                        connections.append(answered)
                    }
                    trigger.triggerGracefulShutdown()
                    try await running.waitForAll()
                }
            }
            for connection in connections {
                #expect(connection.lifetime != nil, "a connection the listener left open")
            }
            for port in ports.value.values {
                await #expect(throws: (any Error).self) { try await RawConnection.open(port: port) }
            }
        }
    }

    /// The group's parts over a configuration in `directory`: a dispatcher and an action
    /// dispatcher that poll a stand-in frontend, event delivery to a stand-in bus, and `listeners`.
    private static func services(
        in directory: TemporaryDirectory, log: LogRecorder, startsAfter: ReadySignal, listeners: [any Service]
    ) throws -> DaemonServices {
        let configuration = try BackendConfiguration.parse(
            """
            [backend]
            destdir = \(directory.appending("results"))
            state_dir = \(directory.appending("state"))
            log_dir = \(directory.appending("log"))
            """, path: directory.appending("copr-be.conf"))
        try FileManager.default.createDirectory(atPath: configuration.backend.stateDir, withIntermediateDirectories: true)
        let logger = log.logger()
        let worker = BuildWorker(
            configuration: configuration, services: BuildWorker.Services.from(configuration, logger: logger), logger: logger)
        let dispatcher = Dispatcher(
            frontend: PollCountingFrontend(logger: logger), worker: worker, options: configuration.scheduling,
            startsAfter: startsAfter, logger: logger)
        let journal = try Journal(path: Journal.path(stateDirectory: configuration.backend.stateDir))
        let delivery = EventDelivery(outbox: Outbox(journal: journal), sinks: [ClosingSink(logger: logger)], logger: logger)
        let actions = ActionDispatcher(
            frontend: PollCountingFrontend(logger: logger),
            executor: ActionExecutor(
                layout: ResultsLayout(destdir: configuration.backend.destdir, baseURL: configuration.backend.resultsBaseURL),
                createrepo: CreaterepoService(command: "createrepo_c", lockDirectory: directory.appending("locks"), logger: logger)),
            options: configuration.scheduling, journal: journal, logger: logger)
        return DaemonServices(listeners: listeners, delivery: delivery, actions: actions, dispatcher: dispatcher)
    }

    private static func messages(_ log: LogRecorder) -> [String] {
        log.records.map(\.message)
    }
}

/// A listener that logs when it listens and when it stops, or fails at once as a listener
/// whose address is taken fails.
private struct StandInListener: Service {
    let name: String
    var listens: ReadySignal?
    var failsWith: String?
    let logger: Logger

    init(name: String, listens: ReadySignal? = nil, failsWith: String? = nil, logger: Logger) {
        self.name = name
        self.listens = listens
        self.failsWith = failsWith
        self.logger = logger
    }

    private struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    func run() async throws {
        if let failsWith {
            throw ListenerFailure(owner: "the embedded frontend", address: "127.0.0.1:5000", reason: Refused(description: failsWith))
        }
        // Later than the dispatcher's start: a first poll that did not wait would come first.
        try await Task.sleep(for: .milliseconds(300))
        logger.info("\(name) listens")
        listens?.announce()
        try await gracefulShutdown()
        logger.info("\(name) stopped")
    }
}

/// A frontend without work that logs each poll, of builds and of actions.
private struct PollCountingFrontend: FrontendAPI, ActionFrontendAPI {
    let logger: Logger

    func pendingActions() async throws -> [JSONValue] {
        logger.info("pending-actions polled")
        return []
    }

    func action(_ id: Int) async throws -> ActionRecord { ActionRecord(id: id, actionType: nil, data: nil) }
    func reportAction(_ id: Int, result: ActionResult) async throws {}

    func pendingJobs() async throws -> [JSONValue] {
        logger.info("pending-jobs polled")
        return []
    }

    func cancelRequests() async throws -> [TaskID] { [] }
    func task(_ task: TaskID) async throws -> TaskRecord? { nil }
    func startingBuild(_ report: JobReport) async throws -> Bool { false }
    func update(_ report: JobReport) async throws {}
    func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws {}
}

/// A bus that logs when event delivery closes it, that is when delivery ends.
private struct ClosingSink: MessageBusSink {
    let logger: Logger
    var busID: String { "stand-in" }

    func deliver(_ message: BusMessage) async throws {}

    func close() async {
        logger.info("sink closed")
    }
}
