import CoprBackend
import CoprCore
import CoprTestSupport
import Crypto
import Foundation
import Testing

/// The webhook sink against a receiver over real HTTP.
@Suite("Message bus webhook", .timeLimit(.minutes(3)))
struct MessageBusWebhookTests {
    func message() throws -> BusMessage {
        return try BusMessage(
            eventID: "ev-77-build.start-1", event: EventFixtures.event(.buildStart),
            who: "backend.worker-77", pid: 4242)
    }

    func publisher(_ url: String, timeout: Duration = .seconds(10), logs: LogRecorder = LogRecorder()) -> WebhookPublisher {
        WebhookPublisher(
            busID: "hooks", settings: WebhookBusSettings(url: url, secret: "shared-k3y"), timeout: timeout,
            logger: logs.logger())
    }

    @Test("the receiver gets the v1 body unchanged, the event id, and a signature it can check with the secret")
    func signedDelivery() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.shutdown() } }
        let message = try message()
        try await publisher(receiver.url).deliver(message)

        let request = try #require(receiver.requests.first)
        #expect(receiver.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/hooks/copr")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("x-copr-event-id") == "ev-77-build.start-1")
        #expect(Array(request.body) == message.v1Body)
        #expect(request.json?["what"] == "build start: user:jdoe copr:tools pkg:hello build:77 ip:10.0.0.7 pid:4242")
        let signature = try #require(request.header("x-copr-signature"))
        #expect(signature.hasPrefix("sha256="))
        let hex = signature.dropFirst("sha256=".count)
        #expect(hex == hex.lowercased())
        let code = try #require(Data(hexString: String(hex)))
        #expect(HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: request.body, using: SymmetricKey(data: Data("shared-k3y".utf8))))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: request.body, using: SymmetricKey(data: Data("other".utf8))))
    }

    @Test("a 500 is an error worth retrying, a 404 is not, and both are logged with the bus id")
    func failedAnswers() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.shutdown() } }
        let logs = LogRecorder()
        let publisher = publisher(receiver.url, logs: logs)

        receiver.answer(status: 500)
        let serverError = await #expect(throws: WebhookError.self) { try await publisher.deliver(try message()) }
        #expect(serverError == .unexpectedStatus(url: receiver.url, status: 500, body: "{\"received\": true}"))
        #expect(serverError?.isRetryable == true)

        receiver.answer(status: 404)
        let clientError = await #expect(throws: WebhookError.self) { try await publisher.deliver(try message()) }
        #expect(clientError?.isRetryable == false)
        #expect(clientError?.description.contains("retrying cannot help") == true)

        #expect(logs.records.filter { $0.level == .warning && $0.metadata["bus"] == "hooks" }.count == 2)
        #expect(receiver.requests.count == 2)
    }

    @Test("408 and 429 are worth retrying; other 4xx and redirects are not")
    func retryableStatuses() {
        let retryable = [500, 502, 503, 408, 429].map { WebhookError.unexpectedStatus(url: "u", status: $0, body: "").isRetryable }
        let final = [400, 401, 403, 404, 422, 301].map { WebhookError.unexpectedStatus(url: "u", status: $0, body: "").isRetryable }
        #expect(retryable.allSatisfy { $0 })
        #expect(final.allSatisfy { !$0 })
    }

    @Test("no receiver listening is a network error worth retrying, within the timeout")
    func nobodyListening() async throws {
        let port = try LoopbackPorts.allocate(1)[0]
        let error = await #expect(throws: WebhookError.self) {
            // The HTTP client tries to connect again until the timeout.
            try await publisher("http://127.0.0.1:\(port)/hook", timeout: .seconds(1)).deliver(try message())
        }
        guard case .network(let url, _)? = error else {
            Issue.record("expected a network error, got \(String(describing: error))")
            return
        }
        #expect(url == "http://127.0.0.1:\(port)/hook")
        #expect(error?.isRetryable == true)
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex; nil for anything else.
    fileprivate init?(hexString: String) {
        guard hexString.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2)
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
