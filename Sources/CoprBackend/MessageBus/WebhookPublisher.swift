import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore

/// Delivers messages to one webhook bus: an HTTP POST of the v1 JSON body to the bus's
/// `url`, confirmed by a 2xx answer.
///
/// Each request carries `X-Copr-Event-Id: <event id>` and
/// `X-Copr-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact body bytes keyed with
/// the bus's `secret`, so a receiver can check that the backend sent it, unchanged. One
/// request per delivery, within `timeout`; no retries here (the caller retries when
/// ``WebhookError/isRetryable`` says it may help). Failures are logged with metadata `bus`.
public struct WebhookPublisher: MessageBusSink {
    /// The bus's id (`bus_id`), also the `bus` metadata of every log line.
    public let busID: String
    private let settings: WebhookBusSettings
    private let timeout: Duration
    private let logger: Logger
    private let http: HTTPClient

    /// `timeout` bounds one POST from connecting to the end of the answer.
    public init(busID: String, settings: WebhookBusSettings, timeout: Duration, logger: Logger, http: HTTPClient = .shared) {
        self.busID = busID
        self.settings = settings
        self.timeout = timeout
        var logger = logger
        logger[metadataKey: "bus"] = .string(busID)
        self.logger = logger
        self.http = http
    }

    /// Posts the message's v1 body with its event id.
    public func deliver(_ message: BusMessage) async throws {
        try await post(eventID: message.eventID, body: message.v1Body)
    }

    /// The HTTP client is shared and keeps no state of this bus: nothing to release.
    public func close() async {}

    /// Posts `body` as JSON and returns on a 2xx answer; throws ``WebhookError`` otherwise.
    public func post(eventID: String, body: [UInt8]) async throws {
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "copr-backend-swift")
        request.headers.add(name: "X-Copr-Event-Id", value: eventID)
        request.headers.add(name: "X-Copr-Signature", value: Self.signature(of: body, secret: settings.secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let answer: String
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout), logger: logger)
            status = Int(response.status.code)
            answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let failure = WebhookError.network(url: settings.url, reason: NetworkErrorText.reason(error))
            logger.warning("\(failure)")
            throw failure
        }
        guard (200..<300).contains(status) else {
            let failure = WebhookError.unexpectedStatus(url: settings.url, status: status, body: answer)
            logger.warning("\(failure)")
            throw failure
        }
    }

    /// The `X-Copr-Signature` value for `body`: `sha256=` and the lowercase hex of
    /// HMAC-SHA256(key: `secret` as UTF-8, message: `body`).
    public static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}
