import CoprBackend
import CoprTestSupport
import Testing

/// Broker misbehaviour that RabbitMQ does not show on demand, against a scripted broker
/// over real sockets: no receipt, no heart-beats.
@Suite("Message bus STOMP publisher with a misbehaving broker", .timeLimit(.minutes(3)))
struct MessageBusStompFailureTests {
    static func publisher(port: Int, policy: StompPublisherPolicy, logs: LogRecorder) throws -> StompPublisher {
        try StompPublisher(
            busID: "flaky-bus", settings: StompBusSettings(brokers: [.init(host: "127.0.0.1", port: port)], destination: "/queue/x"),
            policy: policy, logger: logs.logger())
    }

    @Test("a broker that never confirms: the send fails with a missing receipt, logged with the bus id")
    func missingReceipt() async throws {
        let broker = try await ScriptedStompBroker.start(heartbeat: "0,0")
        defer { Task { await broker.shutdown() } }
        let logs = LogRecorder()
        let policy = StompPublisherPolicy(
            connectTimeout: .seconds(10), receiptTimeout: .milliseconds(300), heartbeat: .zero,
            backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(100)))
        let publisher = try Self.publisher(port: broker.port, policy: policy, logs: logs)
        let error = await #expect(throws: StompError.self) {
            try await publisher.send(destination: "/queue/x", headers: ["event-id": "1"], body: [1, 2, 3])
        }
        await publisher.close()
        #expect(error == .timedOut(step: "RECEIPT", broker: "127.0.0.1:\(broker.port)", after: .milliseconds(300)))
        #expect(error?.isRetryable == true)
        #expect(logs.records.contains { $0.level == .warning && $0.metadata["bus"] == "flaky-bus" && $0.message.contains("RECEIPT") })
    }

    @Test("a broker that promised heart-beats and went silent is dead, long before the receipt timeout")
    func silentBroker() async throws {
        let broker = try await ScriptedStompBroker.start(heartbeat: "100,100")
        defer { Task { await broker.shutdown() } }
        let policy = StompPublisherPolicy(
            connectTimeout: .seconds(10), receiptTimeout: .seconds(50), heartbeat: .milliseconds(100),
            backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(100)))
        let publisher = try Self.publisher(port: broker.port, policy: policy, logs: LogRecorder())
        let error = await #expect(throws: StompError.self) {
            try await publisher.send(destination: "/queue/x", headers: [:], body: [])
        }
        await publisher.close()
        #expect(error == .brokerSilent(broker: "127.0.0.1:\(broker.port)", after: .milliseconds(200)))
    }
}
