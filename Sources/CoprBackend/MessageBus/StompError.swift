/// Why a STOMP send was not confirmed. Every case leaves the message unconfirmed: the
/// caller keeps it and sends it again later with the same event id. `broker` is
/// `host:port` from the bus's `hosts`.
public enum StompError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broker answered CONNECT with an ERROR frame about the login.
    case authenticationFailed(broker: String, message: String)
    /// A broker of `hosts` could not be connected to (refused, unknown name, TLS handshake).
    case unreachable(broker: String, reason: String)
    /// Not one broker of `hosts` could be connected to; one reason per broker, in order.
    case noBrokerReachable(attempts: [String])
    /// A network step (`connect`, `CONNECTED`, `RECEIPT`) did not finish in time.
    case timedOut(step: String, broker: String, after: Duration)
    /// The connection ended (before the broker confirmed, when a send was waiting).
    case connectionLost(broker: String, reason: String)
    /// The broker sent an ERROR frame about something other than the login.
    case brokerError(broker: String, message: String, details: String)
    /// The broker sent nothing, not even a heart-beat, for longer than it promised.
    case brokerSilent(broker: String, after: Duration)
    /// Bytes that are not STOMP 1.2 (or a frame too large to accept).
    case malformedFrame(String)
    /// The TLS files of the bus cannot be used.
    case tlsSetupFailed(String)
    /// ``StompPublisher/close()`` was called.
    case closed

    /// Whether sending again may succeed without an operator changing something: false
    /// for a refused login, a broker that rejects the message, unusable TLS files and a
    /// closed publisher.
    public var isRetryable: Bool {
        switch self {
        case .authenticationFailed, .brokerError, .tlsSetupFailed, .closed: false
        case .unreachable, .noBrokerReachable, .timedOut, .connectionLost, .brokerSilent, .malformedFrame: true
        }
    }

    public var description: String {
        switch self {
        case .authenticationFailed(let broker, let message):
            "STOMP broker \(broker) refused the login: \(message); check [auth] username and password in the bus file"
        case .unreachable(let broker, let reason):
            "cannot connect to STOMP broker \(broker): \(reason)"
        case .noBrokerReachable(let attempts):
            "no STOMP broker of the bus answered (\(attempts.joined(separator: "; "))); check that the brokers in hosts run and are reachable"
        case .timedOut(let step, let broker, let after):
            "STOMP broker \(broker) gave no \(step) within \(after); the connection is dropped and the message stays unconfirmed"
        case .connectionLost(let broker, let reason):
            "connection to STOMP broker \(broker) lost: \(reason)"
        case .brokerError(let broker, let message, let details):
            "STOMP broker \(broker) answered ERROR: \(message)\(details.isEmpty ? "" : " (\(details.prefix(300)))"); check the destination and the user's permissions on the broker"
        case .brokerSilent(let broker, let after):
            "STOMP broker \(broker) sent nothing, not even a heart-beat, for \(after); the connection is treated as dead"
        case .malformedFrame(let detail):
            "invalid STOMP frame: \(detail)"
        case .tlsSetupFailed(let detail):
            "cannot set up TLS for the STOMP bus: \(detail); check cacert, cert_file and key_file"
        case .closed:
            "the STOMP publisher was closed"
        }
    }
}
