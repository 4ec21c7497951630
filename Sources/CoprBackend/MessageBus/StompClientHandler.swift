import Foundation
import NIOCore

/// The client's side of one STOMP connection, on its event loop: completes `connected`
/// with the broker's CONNECTED frame and each awaited receipt with its RECEIPT frame.
/// An ERROR frame, an error in the pipeline or the end of the connection fails everything
/// still awaited with the first cause, and closes the connection.
final class StompClientHandler: ChannelInboundHandler {
    typealias InboundIn = StompFrame

    private let broker: String
    private let connected: EventLoopPromise<StompFrame>
    private var receipts: [String: EventLoopPromise<Void>] = [:]
    private var isLoggedIn = false
    /// Keeps the first cause of failure; later causes ("connection closed" after an ERROR
    /// frame) would hide it.
    private let record: StompConnection.FailureRecord

    init(broker: String, connected: EventLoopPromise<StompFrame>, record: StompConnection.FailureRecord) {
        self.broker = broker
        self.connected = connected
        self.record = record
    }

    /// Completes `promise` when the RECEIPT with `receiptID` arrives, or fails it with the
    /// connection's failure.
    func expectReceipt(_ receiptID: String, promise: EventLoopPromise<Void>) {
        if let failure = record.first.withLock({ $0 }) {
            promise.fail(failure)
        } else {
            receipts[receiptID] = promise
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.command {
        case .connected:
            isLoggedIn = true
            connected.succeed(frame)
        case .receipt:
            if let receiptID = frame[header: "receipt-id"] {
                receipts.removeValue(forKey: receiptID)?.succeed()
            }
        case .error:
            fail(with: error(from: frame))
            context.close(promise: nil)
        default:
            // A publisher subscribes to nothing: no MESSAGE is expected, and nothing else
            // from a broker needs an answer.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: error as? StompError ?? .connectionLost(broker: broker, reason: NetworkErrorText.reason(error)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(with: .connectionLost(broker: broker, reason: "closed by the broker or the network"))
        context.fireChannelInactive()
    }

    private func fail(with error: StompError) {
        let cause = record.first.withLock { first in
            first = first ?? error
            return first ?? error
        }
        connected.fail(cause)
        let waiting = receipts
        receipts = [:]
        for promise in waiting.values {
            promise.fail(cause)
        }
    }

    /// STOMP has no error codes: an ERROR in answer to CONNECT whose text speaks of the
    /// login is an authentication failure (RabbitMQ: "Access refused for user", ActiveMQ:
    /// "User name [..] or password is invalid", Artemis: "Security Error").
    private func error(from frame: StompFrame) -> StompError {
        let message = frame[header: "message"] ?? "ERROR frame without a message"
        let details = String(decoding: frame.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = (message + " " + details).lowercased()
        let loginWords = ["access refused", "authentication", "login", "password", "passcode", "credentials", "security", "not authorized", "unauthorized"]
        if !isLoggedIn, loginWords.contains(where: text.contains) {
            return .authenticationFailed(broker: broker, message: details.isEmpty ? message : "\(message): \(details)")
        }
        return .brokerError(broker: broker, message: message, details: details)
    }
}
