import CoprBackend
import NIOCore
import NIOPosix
import Synchronization

/// A minimal STOMP client for tests, on the backend's frame codec over a real socket: it
/// logs in, subscribes, and keeps every frame the broker sends, so a test can read what a
/// consumer of the bus would receive.
public final class StompTestSubscriber: Sendable {
    private let channel: any Channel
    private let frames: FrameLog
    private let subscriptions = Mutex(0)

    /// The frames received, shared between the channel handler and the test.
    final class FrameLog: Sendable {
        let frames = Mutex<[StompFrame]>([])
    }

    private init(channel: any Channel, frames: FrameLog) {
        self.channel = channel
        self.frames = frames
    }

    /// Connects to a broker on 127.0.0.1 and logs in; throws ``TestSupportError`` when the
    /// broker does not answer CONNECTED (ERROR, no listener, no answer within `timeout`).
    public static func connect(
        port: Int, login: String, passcode: String, timeout: Duration = .seconds(5)
    ) async throws -> StompTestSubscriber {
        let log = FrameLog()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(StompFrameDecoder()), MessageToByteHandler(StompFrameEncoder()), Collector(log: log))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let subscriber = StompTestSubscriber(channel: channel, frames: log)
        do {
            try await channel.writeAndFlush(StompFrame(.connect, headers: [
                .init("accept-version", "1.2"), .init("host", "/"), .init("login", login), .init("passcode", passcode),
                .init("heart-beat", "0,0"),
            ]))
            let answer = try await subscriber.waitForFrame("CONNECTED", timeout: timeout) {
                $0.command == .connected || $0.command == .error
            }
            guard answer.command == .connected else {
                throw TestSupportError.unexpected("broker refused the test subscriber: \(String(decoding: answer.body, as: UTF8.self))")
            }
        } catch {
            await subscriber.close()
            throw error
        }
        return subscriber
    }

    /// Subscribes to `destination` and returns once the broker confirmed the subscription.
    public func subscribe(to destination: String) async throws {
        let id = subscriptions.withLock { count in
            count += 1
            return count
        }
        try await channel.writeAndFlush(StompFrame(.subscribe, headers: [
            .init("id", "sub-\(id)"), .init("destination", destination), .init("ack", "auto"), .init("receipt", "subscribed-\(id)"),
        ]))
        _ = try await waitForFrame("RECEIPT of SUBSCRIBE \(destination)", timeout: .seconds(10)) {
            $0.command == .receipt && $0[header: "receipt-id"] == "subscribed-\(id)"
        }
    }

    /// Every MESSAGE frame received so far, in order.
    public var messages: [StompFrame] {
        frames.frames.withLock { $0.filter { $0.command == .message } }
    }

    /// Waits until `count` messages have arrived and returns them all.
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [StompFrame] {
        try await waitUntil("\(count) STOMP messages", timeout: timeout) { messages.count >= count }
        return messages
    }

    public func close() async {
        try? await channel.close()
    }

    private func waitForFrame(_ what: String, timeout: Duration, _ matches: @escaping (StompFrame) -> Bool) async throws -> StompFrame {
        try await waitUntil(what, timeout: timeout) {
            frames.frames.withLock { $0.contains(where: matches) } || !channel.isActive
        }
        guard let frame = frames.frames.withLock({ $0.first(where: matches) }) else {
            throw TestSupportError.unexpected("connection closed while waiting for \(what)")
        }
        return frame
    }

    /// Keeps every decoded frame.
    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = StompFrame
        let log: FrameLog

        init(log: FrameLog) {
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            log.frames.withLock { $0.append(frame) }
        }
    }
}
