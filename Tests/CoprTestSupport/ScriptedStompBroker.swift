import CoprBackend
import NIOCore
import NIOPosix

/// A STOMP "broker" on 127.0.0.1 that misbehaves on purpose, for the failures a real
/// RabbitMQ cannot be made to show on demand: it answers CONNECT with CONNECTED and
/// the given heart-beat header, and then answers no SEND, and never sends a heart-beat.
public final class ScriptedStompBroker: Sendable {
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// `heartbeat` is the CONNECTED frame's `heart-beat` value: "0,0" for a broker that
    /// promises nothing (a send then waits for a receipt that never comes), "100,100" for
    /// one that promises a beat every 100 ms and then stays silent.
    public static func start(heartbeat: String) async throws -> ScriptedStompBroker {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(StompFrameDecoder()), MessageToByteHandler(StompFrameEncoder()),
                        Responder(heartbeat: heartbeat))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedStompBroker(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    public func shutdown() async {
        try? await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = StompFrame
        typealias OutboundOut = StompFrame
        let heartbeat: String

        init(heartbeat: String) {
            self.heartbeat = heartbeat
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard unwrapInboundIn(data).command == .connect else { return }
            let connected = StompFrame(.connected, headers: [.init("version", "1.2"), .init("heart-beat", heartbeat)])
            context.writeAndFlush(wrapOutboundOut(connected), promise: nil)
        }
    }
}
