import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// Build events from real builds, through the journal's outbox, to a real RabbitMQ read
/// by a subscriber in the test: the bus is configured as an operator configures it (a
/// file in `msgbus_config_dir`).
@Suite("Integration: build events on a message bus", .timeLimit(.minutes(4)))
struct EventDeliveryTests {
    /// A private broker and a bed whose configuration names it in a bus file; `body` gets
    /// them and the queue the bus publishes to.
    static func withBus(
        password: String? = nil, _ body: (RabbitMQBroker, WorkerTestBed, String) async throws -> Void
    ) async throws {
        let broker = try await RabbitMQBroker.start()
        do {
            try await withBus(broker, password: password, body)
        } catch {
            await broker.shutdown()
            throw error
        }
        await broker.shutdown()
    }

    private static func withBus(
        _ broker: RabbitMQBroker, password: String?, _ body: (RabbitMQBroker, WorkerTestBed, String) async throws -> Void
    ) async throws {
        let buses = try TemporaryDirectory("copr-msgbuses")
        defer { buses.remove() }
        let destination = "/queue/copr-\(UUID().uuidString)"
        try """
            [bus]
            bus_type = stomp
            bus_id = test-broker
            hosts = 127.0.0.1:\(broker.stompPort)
            destination = \(destination)
            [auth]
            username = \(broker.username)
            password = \(password ?? broker.password)
            """.write(toFile: buses.appending("broker.ini"), atomically: true, encoding: .utf8)
        let config = ["backend": ["msgbus_config_dir": buses.path], "timing": ["event_retry_pause": "0.2"]]
        try await WorkerTestBed.run(hosts: 1, config: config) { bed in try await body(broker, bed, destination) }
    }

    /// A worker announcing through the outbox, and the delivery running beside it.
    static func deliveringWorker(
        _ bed: WorkerTestBed, metrics: BackendMetrics? = nil
    ) throws -> (worker: BuildWorker, delivery: EventDelivery, outbox: Outbox) {
        let logger = try BackendEnvironment.prepare(bed.configuration, logName: "msgbus")
        let journal = try Journal(path: Journal.path(stateDirectory: bed.configuration.backend.stateDir))
        let buses = try EventDelivery.from(bed.configuration, journal: journal, metrics: metrics, logger: logger)
        var services = BuildWorker.Services.from(bed.configuration, logger: logger)
        services.events = buses.events
        let worker = BuildWorker(configuration: bed.configuration, services: services, logger: logger)
        return (worker, try #require(buses.delivery), Outbox(journal: journal))
    }

    static func topics(_ frames: [StompFrame]) -> [String] {
        frames.map { $0[header: "topic"] ?? "?" }
    }

    @Test("a build's three events arrive once each, in order, with upstream's body and a stable id")
    func successfulBuild() async throws {
        try await Self.withBus { broker, bed, destination in
            let subscriber = try await StompTestSubscriber.connect(port: broker.stompPort, login: broker.username, passcode: broker.password)
            try await subscriber.subscribe(to: destination)
            let (worker, delivery, outbox) = try Self.deliveringWorker(bed)
            let delivering = Task { await delivery.run() }
            defer { delivering.cancel() }

            try await bed.buildRPM(301, worker: worker)
            let frames = try await subscriber.waitForMessages(3)
            #expect(Self.topics(frames) == ["build.start", "chroot.start", "build.end"])
            let ids = frames.compactMap { $0[header: "event-id"] }
            #expect(Set(ids).count == 3)
            #expect(ids.allSatisfy { $0.hasPrefix("301-fedora-41-x86_64/") })
            let end = try JSONValue.parse(Data(frames[2].body))
            #expect(end["status"] == "SUCCEEDED")
            #expect(end["build"] == "301")
            #expect(end["builder"]?.stringValue == bed.farm.hosts[0].address)
            try await waitUntil("the outbox to empty", timeout: .seconds(30)) { (try? await outbox.depth().count) == 0 }
            // Nothing arrives twice.
            try await Task.sleep(for: .milliseconds(500))
            #expect(subscriber.messages.count == 3)
            await subscriber.close()
        }
    }

    @Test("builds finish while the broker is down; once it is back every event arrives, in order, once")
    func brokerOutage() async throws {
        try await Self.withBus { broker, bed, destination in
            let metrics = BackendMetrics()
            let (worker, delivery, outbox) = try Self.deliveringWorker(bed, metrics: metrics)
            await broker.stop()
            let delivering = Task { await delivery.run() }
            defer { delivering.cancel() }

            // The bus is down: builds are neither held up nor failed by it.
            #expect(try await bed.buildRPM(311, worker: worker) == .finished(.succeeded))
            #expect(try await bed.buildRPM(312, worker: worker) == .finished(.succeeded))
            #expect(try await outbox.depth().count == 6)
            let log = try String(contentsOfFile: bed.directory.appending("log/msgbus.log"), encoding: .utf8)
            #expect(log.contains("Cannot deliver"), "\(log)")
            try await waitUntil("the metrics to show the backlog", timeout: .seconds(30)) {
                metrics.render().contains("copr_backend_outbox_events 6")
            }
            #expect(metrics.render().contains(#"copr_backend_event_delivery_failures_total{bus="test-broker"}"#))

            try await broker.restart()
            let subscriber = try await StompTestSubscriber.connect(port: broker.stompPort, login: broker.username, passcode: broker.password)
            try await subscriber.subscribe(to: destination)
            let frames = try await subscriber.waitForMessages(6, timeout: .seconds(60))
            #expect(Self.topics(frames) == ["build.start", "chroot.start", "build.end", "build.start", "chroot.start", "build.end"])
            #expect(frames.map { $0[header: "event-id"]?.prefix(3) } == ["311", "311", "311", "312", "312", "312"])
            try await waitUntil("the outbox to empty", timeout: .seconds(30)) { (try? await outbox.depth().count) == 0 }
            try await Task.sleep(for: .milliseconds(500))
            #expect(subscriber.messages.count == 6)
            await subscriber.close()
        }
    }

    @Test("a build that never reaches a builder still gets its start pair, STARTING on no builder, before its end")
    func failureBeforeBuilder() async throws {
        try await Self.withBus { broker, bed, destination in
            let subscriber = try await StompTestSubscriber.connect(port: broker.stompPort, login: broker.username, passcode: broker.password)
            try await subscriber.subscribe(to: destination)
            let (worker, delivery, _) = try Self.deliveringWorker(bed)
            let delivering = Task { await delivery.run() }
            defer { delivering.cancel() }

            // No builder can ever be ready: the ticket is cancelled while waiting.
            bed.resalloc.setNeverReady(true)
            let interrupt = BuildInterrupt()
            let build = Task { try await bed.buildRPM(321, interrupt: interrupt, worker: worker) }
            try await waitUntil("a ticket to be taken", timeout: .seconds(20)) { !bed.resalloc.takenTickets.isEmpty }
            interrupt.cancel()
            #expect(try await build.value == .finished(.failed))
            let frames = try await subscriber.waitForMessages(3)
            #expect(Self.topics(frames) == ["build.start", "chroot.start", "build.end"])
            let start = try JSONValue.parse(Data(frames[0].body))
            #expect(start["status"] == "STARTING")
            #expect(start["builder"] == "None")
            #expect(try JSONValue.parse(Data(frames[2].body))["status"] == "FAILURE")
            await subscriber.close()
        }
    }

    @Test("process-build delivers its events before it exits")
    func processBuildDelivers() async throws {
        try await Self.withBus { broker, bed, destination in
            let subscriber = try await StompTestSubscriber.connect(port: broker.stompPort, login: broker.username, passcode: broker.password)
            try await subscriber.subscribe(to: destination)
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 341))
            let run = try await ProcessRunner().capture(
                RunningDaemon.executable,
                ["process-build", "--build-id", "341", "--chroot", "fedora-41-x86_64", "-c", bed.configuration.path],
                timeout: .seconds(90))
            #expect(run.exit == .exited(0), "\(run.standardError)")
            // Delivered before the exit: the broker has them, nothing is left to deliver.
            let frames = try await subscriber.waitForMessages(3, timeout: .seconds(30))
            #expect(Self.topics(frames) == ["build.start", "chroot.start", "build.end"])
            let journal = try Journal(path: Journal.path(stateDirectory: bed.configuration.backend.stateDir))
            #expect(try await Outbox(journal: journal).depth().count == 0)
            await subscriber.close()
        }
    }

    @Test("a refused login is logged with the bus id and retried; the events stay in the outbox")
    func authenticationFailure() async throws {
        try await Self.withBus(password: "not-the-password") { _, bed, _ in
            let metrics = BackendMetrics()
            let (worker, delivery, outbox) = try Self.deliveringWorker(bed, metrics: metrics)
            let delivering = Task { await delivery.run() }
            defer { delivering.cancel() }

            #expect(try await bed.buildRPM(351, worker: worker) == .finished(.succeeded))
            // At least two: under load the poll may first look after a third attempt.
            try await waitUntil("a second refused attempt", timeout: .seconds(30)) {
                let counter = #"copr_backend_event_delivery_failures_total{bus="test-broker"} "#
                let line = metrics.render().split(separator: "\n").first { $0.hasPrefix(counter) }
                return line.flatMap { Double($0.dropFirst(counter.count)) }.map { $0 >= 2 } ?? false
            }
            let log = try String(contentsOfFile: bed.directory.appending("log/msgbus.log"), encoding: .utf8)
            #expect(log.contains("bus=test-broker"), "\(log)")
            #expect(log.contains("refused the login"), "\(log)")
            #expect(try await outbox.depth().count == 3)
        }
    }
}
