import Foundation

/// The heart-beats of one STOMP connection, negotiated as the STOMP 1.2 specification's
/// heart-beating rules say:
/// each side sends at the slower of what it offers and what the other side wants, and
/// zero on either side means none in that direction.
public struct StompHeartbeat: Sendable, Equatable, CustomStringConvertible {
    /// How often we must send something (a line feed when idle); nil: never.
    public var sendInterval: Duration?
    /// How often the broker promised to send something; nil: no promise.
    public var receiveInterval: Duration?

    public init(sendInterval: Duration?, receiveInterval: Duration?) {
        self.sendInterval = sendInterval
        self.receiveInterval = receiveInterval
    }

    /// Silence longer than this means the broker is dead: two promised intervals, the
    /// error margin the specification asks for (timers and networks are late sometimes).
    public var deadAfter: Duration? { receiveInterval.map { $0 * 2 } }

    /// For logs: "send every 10.0 seconds, expect every 10.0 seconds", "none".
    public var description: String {
        let parts = [sendInterval.map { "send every \($0)" }, receiveInterval.map { "expect every \($0)" }].compactMap { $0 }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// The CONNECT header value for a client that sends and wants to receive every
    /// `interval` (`.zero`: no heart-beats): `"<ms>,<ms>"`.
    public static func offer(_ interval: Duration) -> String {
        "\(milliseconds(interval)),\(milliseconds(interval))"
    }

    /// The result of our `offer(interval)` and the broker's CONNECTED `heart-beat` header
    /// (missing or unreadable: the broker does no heart-beats).
    public static func negotiate(offered interval: Duration, answer: String?) -> StompHeartbeat {
        let ours = milliseconds(interval)
        let parts = (answer ?? "").split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let brokerSends = parts[0], let brokerWants = parts[1], brokerSends >= 0, brokerWants >= 0 else {
            return StompHeartbeat(sendInterval: nil, receiveInterval: nil)
        }
        return StompHeartbeat(
            sendInterval: ours == 0 || brokerWants == 0 ? nil : .milliseconds(max(ours, brokerWants)),
            receiveInterval: ours == 0 || brokerSends == 0 ? nil : .milliseconds(max(ours, brokerSends)))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
