/// Why a webhook did not confirm a message. The caller keeps the message; ``isRetryable``
/// tells whether sending it again can help before an operator changes something.
public enum WebhookError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The receiver answered with a status other than 2xx.
    case unexpectedStatus(url: String, status: Int, body: String)
    /// No answer: connection refused, TLS failure, timeout, connection lost.
    case network(url: String, reason: String)

    /// 5xx, 408 (request timeout), 429 (too many requests) and network failures are worth
    /// retrying; any other answer (a 4xx, a redirect) says the request itself is wrong.
    public var isRetryable: Bool {
        switch self {
        case .unexpectedStatus(_, let status, _): status >= 500 || status == 408 || status == 429
        case .network: true
        }
    }

    public var description: String {
        switch self {
        case .unexpectedStatus(let url, let status, let body):
            let excerpt = body.isEmpty ? "" : ": \(body.prefix(200))"
            return isRetryable
                ? "webhook \(url) answered \(status)\(excerpt); the receiver has a passing problem, a retry may succeed"
                : "webhook \(url) refused the message with \(status)\(excerpt); retrying cannot help until the bus's url and secret or the receiver are fixed"
        case .network(let url, let reason):
            return "webhook \(url) did not answer: \(reason); a retry may succeed"
        }
    }
}
