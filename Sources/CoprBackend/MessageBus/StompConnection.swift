import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One logged-in connection to one STOMP broker: the NIO pipeline
/// `[TLS] → [IdleStateHandler → StompHeartbeatHandler] → decoder/encoder → StompClientHandler`,
/// and async steps over it, each with its timeout.
final class StompConnection: Sendable {
    /// The first failure of a connection: written by its ``StompClientHandler`` on the
    /// event loop, read by the publisher to tell the operator why a connection ended.
    final class FailureRecord: Sendable {
        let first = Mutex<StompError?>(nil)
    }

    let broker: StompBusSettings.Broker
    /// What the broker agreed to in CONNECTED.
    let heartbeat: StompHeartbeat
    private let channel: any Channel
    private let record: FailureRecord

    private init(broker: StompBusSettings.Broker, heartbeat: StompHeartbeat, channel: any Channel, record: FailureRecord) {
        self.broker = broker
        self.heartbeat = heartbeat
        self.channel = channel
        self.record = record
    }

    /// Whether the connection is still open; a broker that closed it, an ERROR frame or
    /// missed heart-beats end it.
    var isActive: Bool { channel.isActive }

    /// Why the connection ended, once it has.
    var failure: StompError? { record.first.withLock { $0 } }

    /// Connects (within `policy.connectTimeout`), sends CONNECT and waits for CONNECTED
    /// (again within `policy.connectTimeout`), then starts the negotiated heart-beats.
    static func open(
        to broker: StompBusSettings.Broker, settings: StompBusSettings, policy: StompPublisherPolicy, tls: NIOSSLContext?,
        group: any EventLoopGroup
    ) async throws -> StompConnection {
        let label = broker.description
        let eventLoop = group.next()
        let connected = eventLoop.makePromise(of: StompFrame.self)
        let record = FailureRecord()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(policy.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        // NIOSSL refuses an IP address as server name; it then checks the
                        // certificate against the address.
                        let isAddress = (try? SocketAddress(ipAddress: broker.host, port: broker.port)) != nil
                        try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : broker.host))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(StompFrameDecoder(maximumFrameSize: policy.maximumFrameSize)))
                    try pipeline.addHandler(MessageToByteHandler(StompFrameEncoder()))
                    try pipeline.addHandler(StompClientHandler(broker: label, connected: connected, record: record))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: broker.host, port: broker.port).get()
        } catch {
            let failure: StompError
            if case ChannelError.connectTimeout = error {
                failure = .timedOut(step: "TCP connection", broker: label, after: policy.connectTimeout)
            } else {
                failure = .unreachable(broker: label, reason: NetworkErrorText.reason(error))
            }
            connected.fail(failure)
            throw failure
        }
        do {
            var headers = [
                StompFrame.Header("accept-version", "1.2"), StompFrame.Header("host", settings.virtualHost),
                StompFrame.Header("heart-beat", StompHeartbeat.offer(policy.heartbeat)),
            ]
            if let login = settings.login {
                headers.append(StompFrame.Header("login", login))
                headers.append(StompFrame.Header("passcode", settings.passcode ?? ""))
            }
            channel.writeAndFlush(StompFrame(.connect, headers: headers), promise: nil)
            let answer = try await wait(
                on: channel, for: connected, timeout: policy.connectTimeout,
                orFailWith: .timedOut(step: "CONNECTED", broker: label, after: policy.connectTimeout))
            let heartbeat = StompHeartbeat.negotiate(offered: policy.heartbeat, answer: answer[header: "heart-beat"])
            try await startHeartbeats(heartbeat, on: channel, broker: label)
            return StompConnection(broker: broker, heartbeat: heartbeat, channel: channel, record: record)
        } catch {
            try? await channel.close()
            switch error {
            case StompError.connectionLost(_, let reason):
                // Before CONNECTED nothing was sent that could be lost: the broker is unreachable.
                throw StompError.unreachable(broker: label, reason: reason)
            case is StompError, is CancellationError:
                throw error
            default:
                throw StompError.unreachable(broker: label, reason: NetworkErrorText.reason(error))
            }
        }
    }

    /// Sends `frame`, which carries `receipt:<receiptID>`, and returns once the broker's
    /// RECEIPT for it arrives; throws ``StompError/timedOut(step:broker:after:)`` after
    /// `timeout`, or the connection's failure.
    func send(_ frame: StompFrame, receiptID: String, timeout: Duration) async throws {
        let channel = self.channel
        let label = broker.description
        let receipt = channel.eventLoop.makePromise(of: Void.self)
        let record = self.record
        channel.eventLoop.execute {
            do {
                try channel.pipeline.syncOperations.handler(type: StompClientHandler.self).expectReceipt(receiptID, promise: receipt)
            } catch {
                // Closed before this send: why it closed (a silent broker, an ERROR
                // frame) says more than that it did.
                receipt.fail(record.first.withLock { $0 } ?? StompError.connectionLost(broker: label, reason: "the connection was closed"))
                return
            }
            let written = channel.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenFailure { error in
                receipt.fail(StompError.connectionLost(broker: label, reason: "cannot write the frame: \(error)"))
            }
            channel.writeAndFlush(frame, promise: written)
        }
        try await Self.wait(on: channel, for: receipt, timeout: timeout, orFailWith: .timedOut(step: "RECEIPT", broker: label, after: timeout))
    }

    /// Says DISCONNECT and waits up to `timeout` for the broker to confirm that it has
    /// everything sent before, then closes the connection; never throws.
    func disconnect(timeout: Duration) async {
        if isActive {
            let receiptID = "disconnect"
            try? await send(StompFrame(.disconnect, headers: [StompFrame.Header("receipt", receiptID)]), receiptID: receiptID, timeout: timeout)
        }
        try? await channel.close()
    }

    /// Drops the connection at once (after a failed step its state is unknown).
    func abort() async {
        try? await channel.close()
    }

    /// The value of `promise`; fails it with `timeoutError` after `timeout`, and with
    /// `CancellationError` when the calling task is cancelled, so no wait outlives either.
    private static func wait<Value: Sendable>(
        on channel: any Channel, for promise: EventLoopPromise<Value>, timeout: Duration, orFailWith timeoutError: StompError
    ) async throws -> Value {
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { promise.fail(timeoutError) }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }

    /// Puts NIO's `IdleStateHandler` and ``StompHeartbeatHandler`` below the frame codec
    /// with the negotiated intervals. We beat at half our interval, so that a late timer
    /// never makes us look silent to the broker.
    private static func startHeartbeats(_ heartbeat: StompHeartbeat, on channel: any Channel, broker label: String) async throws {
        guard heartbeat.sendInterval != nil || heartbeat.deadAfter != nil else { return }
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<StompFrameDecoder>.self)
            let idle = IdleStateHandler(
                readTimeout: heartbeat.deadAfter.map(TimeAmount.init), writeTimeout: heartbeat.sendInterval.map { TimeAmount($0 / 2) })
            try pipeline.addHandlers(
                [idle, StompHeartbeatHandler(broker: label, silenceLimit: heartbeat.deadAfter ?? .zero)], position: .before(decoder))
        }.get()
    }
}
