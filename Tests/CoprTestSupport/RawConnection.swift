import CoprCore
import NIOCore
import NIOPosix

/// A TCP connection to a listener the test started, written as a misbehaving HTTP client
/// writes: opened and left silent, a head trickled byte by byte, a body stalled or cut
/// short. It keeps what the server answered and how long the connection lived.
public final class RawConnection: Sendable {
    /// When the connection was opened.
    public let opened: ContinuousClock.Instant
    private let channel: any Channel
    private let record: Record

    /// What the server sent, and when the connection closed.
    private typealias Record = LockedValue<(received: [UInt8], closed: ContinuousClock.Instant?)>

    private init(channel: any Channel, record: Record) {
        opened = .now
        self.channel = channel
        self.record = record
    }

    /// Connects to `host:port`.
    public static func open(port: Int, host: String = "127.0.0.1") async throws -> RawConnection {
        let record = Record(([], nil))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Recorder(record: record))
                }
            }
            .connect(host: host, port: port).get()
        return RawConnection(channel: channel, record: record)
    }

    /// One request on a connection of its own, answered and closed by the server (the
    /// request should say `Connection: close`); what the server sent, empty when it sent
    /// nothing within `timeout`.
    public static func exchange(_ request: String, port: Int, timeout: Duration = .seconds(10)) async throws -> String {
        let connection = try await open(port: port)
        await connection.send(request)
        try? await waitUntil("the answer", timeout: timeout) { connection.lifetime != nil }
        await connection.close()
        return connection.received
    }

    /// Sends `text` as it is; false when the connection is closed.
    @discardableResult
    public func send(_ text: String) async -> Bool {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text))
            return true
        } catch {
            return false
        }
    }

    /// Ends the sending side only: the server reads the end of the stream and may still answer.
    public func finishSending() async {
        try? await channel.close(mode: .output)
    }

    /// Closes the connection from this side.
    public func close() async {
        try? await channel.close()
    }

    /// What the server sent so far, as text.
    public var received: String { String(decoding: record.value.received, as: UTF8.self) }

    /// How long the connection was open until it closed (the server's close, or ``close()``);
    /// nil while it is open.
    public var lifetime: Duration? { record.value.closed.map { $0 - opened } }

    private final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let record: Record

        init(record: Record) {
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            record.withLock { $0.received += bytes }
        }

        func channelInactive(context: ChannelHandlerContext) {
            record.withLock { $0.closed = .now }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A reset from the server is a close too.
            context.close(promise: nil)
        }
    }
}
