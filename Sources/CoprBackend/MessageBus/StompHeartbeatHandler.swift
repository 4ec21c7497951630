import NIOCore

/// Keeps a STOMP connection's heart-beats, acting on the events of NIO's
/// `IdleStateHandler` placed right before it: when we have written nothing for a while it
/// sends a line feed (a heart-beat, below the frame codec); when the broker has sent
/// nothing for too long it fails the connection with ``StompError/brokerSilent(broker:after:)``.
final class StompHeartbeatHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let broker: String
    private let silenceLimit: Duration

    init(broker: String, silenceLimit: Duration) {
        self.broker = broker
        self.silenceLimit = silenceLimit
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch idle {
        case .write:
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(integer: UInt8(ascii: "\n"))), promise: nil)
        case .read:
            context.fireErrorCaught(StompError.brokerSilent(broker: broker, after: silenceLimit))
        case .all:
            break
        }
    }
}
