import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The STOMP publisher against a real RabbitMQ with its STOMP plugin, read by a
/// subscriber in the test, as a consumer of the bus would read it.
@Suite("Integration: the message bus STOMP publisher with RabbitMQ", .timeLimit(.minutes(5)), SharedRabbitMQ())
struct MessageBusStompTests {
    /// Scaled down from ``StompPublisherPolicy/standard``; heart-beats run both ways.
    static let policy = StompPublisherPolicy(
        connectTimeout: .seconds(10), receiptTimeout: .seconds(10), heartbeat: .milliseconds(500),
        backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(400)))

    var broker: RabbitMQBroker {
        get throws { try #require(SharedRabbitMQ.broker, "the suite's RabbitMQ did not start") }
    }

    static func publisher(
        _ broker: RabbitMQBroker, destination: String, brokers: [StompBusSettings.Broker]? = nil, password: String? = nil,
        tls: StompBusSettings.TLSFiles? = nil, logs: LogRecorder = LogRecorder()
    ) throws -> StompPublisher {
        let settings = StompBusSettings(
            brokers: brokers ?? [.init(host: "127.0.0.1", port: broker.stompPort)], destination: destination,
            login: broker.username, passcode: password ?? broker.password, tls: tls)
        return try StompPublisher(busID: "test-bus", settings: settings, policy: policy, logger: logs.logger())
    }

    static func subscriber(_ broker: RabbitMQBroker, destination: String) async throws -> StompTestSubscriber {
        let subscriber = try await StompTestSubscriber.connect(port: broker.stompPort, login: broker.username, passcode: broker.password)
        try await subscriber.subscribe(to: destination)
        return subscriber
    }

    static func message(_ kind: BuildEventKind, eventID: String) throws -> BusMessage {
        return try BusMessage(eventID: eventID, event: EventFixtures.event(kind), who: "backend.worker-77", pid: 42)
    }

    @Test("an event arrives once, with its topic, event id and v1stomp body unchanged")
    func deliveredOnce() async throws {
        let broker = try broker
        let destination = "/queue/copr-\(UUID().uuidString)"
        let subscriber = try await Self.subscriber(broker, destination: destination)
        let publisher = try Self.publisher(broker, destination: destination)
        let event = try Self.message(.buildEnd, eventID: "77-fedora-41-x86_64:build.end:1")

        try await publisher.deliver(event)
        // A second message with NUL bytes in its body: once it is there, the first one
        // has arrived as often as it ever will (the queue keeps order).
        let marker = Array("end\u{0}of\u{0}test".utf8)
        try await publisher.send(destination: destination, headers: ["topic": "marker"], body: marker)
        let messages = try await subscriber.waitForMessages(2)
        await publisher.close()
        await subscriber.close()

        #expect(messages.count == 2)
        #expect(messages[0][header: "topic"] == "build.end")
        #expect(messages[0][header: "event-id"] == "77-fedora-41-x86_64:build.end:1")
        #expect(messages[0][header: "content-type"] == "application/json")
        #expect(messages[0].body == event.stompBody)
        #expect(try JSONValue.parse(Data(messages[0].body))["status"] == "PENDING")
        #expect(messages[1].body == marker)
    }

    @Test("three events sent one after another arrive in that order")
    func inOrder() async throws {
        let broker = try broker
        let destination = "/queue/copr-\(UUID().uuidString)"
        let subscriber = try await Self.subscriber(broker, destination: destination)
        let publisher = try Self.publisher(broker, destination: destination)
        let events = [
            try Self.message(.buildStart, eventID: "e1"), try Self.message(.chrootStart, eventID: "e2"),
            try Self.message(.buildEnd, eventID: "e3"),
        ]
        for event in events {
            try await publisher.deliver(event)
        }
        let messages = try await subscriber.waitForMessages(3)
        await publisher.close()
        await subscriber.close()
        #expect(messages.map { $0[header: "event-id"] } == ["e1", "e2", "e3"])
        #expect(messages.map { $0[header: "topic"] } == ["build.start", "chroot.start", "build.end"])
        #expect(messages.map(\.body) == events.map(\.stompBody))
    }

    @Test("an idle connection lives on heart-beats both ways, and the next event goes over it")
    func idleConnection() async throws {
        let broker = try broker
        let destination = "/queue/copr-\(UUID().uuidString)"
        let subscriber = try await Self.subscriber(broker, destination: destination)
        let logs = LogRecorder()
        let publisher = try Self.publisher(broker, destination: destination, logs: logs)
        try await publisher.deliver(try Self.message(.buildStart, eventID: "first"))
        // Seven seconds without a message. RabbitMQ beats once a second at the fastest, so
        // this is seven intervals: without our beats RabbitMQ drops the connection (it did
        // within these seven seconds when we tried), and without its beats the publisher
        // declares it dead after two.
        try await Task.sleep(for: .seconds(7))
        try await publisher.deliver(try Self.message(.buildEnd, eventID: "second"))
        let messages = try await subscriber.waitForMessages(2)
        await publisher.close()
        await subscriber.close()
        #expect(messages.map { $0[header: "event-id"] } == ["first", "second"])
        #expect(logs.records.filter { $0.message.hasPrefix("Connected to STOMP broker") }.count == 1)
        #expect(!logs.records.contains { $0.level >= .warning })
    }

    @Test("a wrong password is an authentication error, logged with the bus id")
    func wrongPassword() async throws {
        let broker = try broker
        let logs = LogRecorder()
        let publisher = try Self.publisher(broker, destination: "/queue/never", password: "wrong", logs: logs)
        let error = await #expect(throws: StompError.self) {
            try await publisher.deliver(try Self.message(.buildStart, eventID: "e1"))
        }
        await publisher.close()
        guard case .authenticationFailed(let brokerLabel, let message)? = error else {
            Issue.record("expected an authentication failure, got \(String(describing: error))")
            return
        }
        #expect(brokerLabel == "127.0.0.1:\(broker.stompPort)")
        #expect(message.contains("Access refused"))
        #expect(error?.isRetryable == false)
        #expect(error?.description.contains("check [auth] username and password") == true)
        let logged = logs.records.filter { $0.level == .error && $0.metadata["bus"] == "test-bus" }
        #expect(logged.contains { $0.message.contains("refused the login") })
    }

    @Test("failover: the first host refuses connections, the second delivers")
    func failover() async throws {
        let broker = try broker
        let destination = "/queue/copr-\(UUID().uuidString)"
        let closedPort = try LoopbackPorts.allocate(1)[0]
        let subscriber = try await Self.subscriber(broker, destination: destination)
        let logs = LogRecorder()
        let publisher = try Self.publisher(
            broker, destination: destination,
            brokers: [.init(host: "127.0.0.1", port: closedPort), .init(host: "127.0.0.1", port: broker.stompPort)], logs: logs)
        try await publisher.deliver(try Self.message(.buildStart, eventID: "via-second"))
        let messages = try await subscriber.waitForMessages(1)
        await publisher.close()
        await subscriber.close()
        #expect(messages.first?[header: "event-id"] == "via-second")
        let warnings = logs.records.filter { $0.level == .warning && $0.metadata["bus"] == "test-bus" }
        #expect(warnings.contains { $0.message.contains("127.0.0.1:\(closedPort)") })
    }

    @Test("over TLS, with the bus's CA and a client certificate, an event arrives")
    func tls() async throws {
        let broker = try broker
        let certificates = try #require(broker.certificates)
        let destination = "/queue/copr-\(UUID().uuidString)"
        let subscriber = try await Self.subscriber(broker, destination: destination)
        let publisher = try Self.publisher(
            broker, destination: destination, brokers: [.init(host: "127.0.0.1", port: try #require(broker.tlsPort))],
            tls: .init(caFile: certificates.caFile, certificateFile: certificates.clientCertificateFile, keyFile: certificates.clientKeyFile))
        try await publisher.deliver(try Self.message(.buildStart, eventID: "over-tls"))
        let messages = try await subscriber.waitForMessages(1)
        await publisher.close()
        await subscriber.close()
        #expect(messages.first?[header: "event-id"] == "over-tls")
    }

    @Test("over TLS, a broker whose certificate the bus's CA did not sign is refused")
    func tlsUntrustedBroker() async throws {
        let broker = try broker
        let certificates = try #require(broker.certificates)
        let other = try await TestCertificates.make(in: broker.directory, prefix: "other-")
        let logs = LogRecorder()
        let publisher = try Self.publisher(
            broker, destination: "/queue/never", brokers: [.init(host: "127.0.0.1", port: try #require(broker.tlsPort))],
            tls: .init(caFile: other.caFile, certificateFile: certificates.clientCertificateFile, keyFile: certificates.clientKeyFile),
            logs: logs)
        let error = await #expect(throws: StompError.self) {
            try await publisher.deliver(try Self.message(.buildStart, eventID: "never"))
        }
        await publisher.close()
        guard case .noBrokerReachable(let attempts)? = error else {
            Issue.record("expected no reachable broker, got \(String(describing: error))")
            return
        }
        #expect(attempts == ["127.0.0.1:\(try #require(broker.tlsPort)): TLS: CERTIFICATE_VERIFY_FAILED"])
        #expect(logs.records.contains { $0.level == .warning && $0.metadata["bus"] == "test-bus" && $0.message.contains("CERTIFICATE_VERIFY_FAILED") })
    }

    @Test("unusable TLS files are an error when the publisher is made")
    func tlsBadFiles() throws {
        let broker = try broker
        let error = #expect(throws: StompError.self) {
            try Self.publisher(broker, destination: "/queue/never", tls: .init(caFile: "/etc/hostname"))
        }
        #expect(error == .tlsSetupFailed("TLS: NO_CERTIFICATE_OR_CRL_FOUND"))
        #expect(error?.description == "cannot set up TLS for the STOMP bus: TLS: NO_CERTIFICATE_OR_CRL_FOUND; check cacert, cert_file and key_file")
    }

    @Test("broker stopped: the send fails with a typed error; broker back: the publisher reconnects and delivers")
    func brokerOutage() async throws {
        let broker = try await RabbitMQBroker.start()
        do {
            let destination = "/queue/copr-outage"
            let logs = LogRecorder()
            let publisher = try Self.publisher(broker, destination: destination, logs: logs)
            try await publisher.deliver(try Self.message(.buildStart, eventID: "before"))

            await broker.stop()
            let error = await #expect(throws: StompError.self) {
                try await publisher.deliver(try Self.message(.chrootStart, eventID: "during"))
            }
            #expect(error?.isRetryable == true)
            #expect(error?.description.contains("Connection refused") == true)
            #expect(logs.records.contains { $0.level == .warning && $0.metadata["bus"] == "test-bus" })

            try await broker.restart()
            let subscriber = try await Self.subscriber(broker, destination: destination)
            try await publisher.deliver(try Self.message(.buildEnd, eventID: "after"))
            try await waitUntil("the event sent after the restart", timeout: .seconds(20)) {
                subscriber.messages.contains { $0[header: "event-id"] == "after" }
            }
            await publisher.close()
            await subscriber.close()
        } catch {
            await broker.shutdown()
            throw error
        }
        await broker.shutdown()
    }
}

/// One RabbitMQ node for a whole suite (starting one takes seconds): started before the
/// suite's first test, reachable through ``broker`` in every test, removed after the last.
struct SharedRabbitMQ: SuiteTrait, TestScoping {
    @TaskLocal static var broker: RabbitMQBroker?

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let broker = try await RabbitMQBroker.start(tls: true)
        do {
            try await Self.$broker.withValue(broker, operation: function)
        } catch {
            await broker.shutdown()
            throw error
        }
        await broker.shutdown()
    }
}
