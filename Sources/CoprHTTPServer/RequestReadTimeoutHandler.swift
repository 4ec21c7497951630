import Logging
import NIOCore
import NIOHTTPTypes

/// Closes an HTTP/1 connection whose client is too slow sending a request: a head not
/// complete within the header timeout of its first byte (of the connection's opening, for
/// the first request), or a body that goes the body timeout without a byte while the
/// server waits for it (``RequestReadDeadlines``).
///
/// Written here because Hummingbird 2 has no such limit: its idle timeout
/// (`HTTP1Channel.Configuration.idleTimeout`, used for ``ListenerLimits/idleTimeout``)
/// counts whole HTTP parts only, so it cannot tell a client that trickles a head byte by
/// byte from one that sends nothing, and it cannot tell a stalled body from a server that
/// paused reading. This handler sits after the HTTP/1 decoder (Hummingbird's
/// `additionalChannelHandlers`), where it sees every part decoded, every read completing
/// (also the reads that complete no part) and every read the server asks for.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var deadlines: RequestReadDeadlines
    private let logger: Logger
    /// Whether a part was decoded since the last read completed.
    private var decodedPart = false
    /// The pending check of the deadline, and when it runs.
    private var check: (task: Scheduled<Void>, at: NIODeadline)?

    /// A handler for a connection just accepted.
    init(limits: ListenerLimits, logger: Logger) {
        deadlines = RequestReadDeadlines(
            headerTimeout: TimeAmount(limits.headerTimeout), bodyTimeout: TimeAmount(limits.bodyTimeout), openedAt: .now())
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadlines.headReceived()
        case .body: break
        case .end: deadlines.endReceived()
        }
        decodedPart = true
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deadlines.bytesArrived(at: .now(), completedNoPart: !decodedPart)
        decodedPart = false
        scheduleCheck(context)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        deadlines.readRequested(at: .now())
        scheduleCheck(context)
        context.read()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelCheck()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelCheck()
    }

    /// Makes sure a check runs by the current deadline. A check already due earlier is
    /// kept: when it runs it finds the client still has time and schedules the next.
    private func scheduleCheck(_ context: ChannelHandlerContext) {
        guard let deadline = deadlines.deadline else { return }
        if let check {
            guard deadline < check.at else { return }
            check.task.cancel()
        }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.check = nil
            guard let expiry = deadlines.expiry(at: .now()) else { return scheduleCheck(context) }
            let peer = context.channel.remoteAddress.map { "\($0)" } ?? "a client"
            logger.debug("Closing the connection of \(peer): \(expiry)")
            context.close(promise: nil)
        }
        check = (task, deadline)
    }

    private func cancelCheck() {
        check?.task.cancel()
        check = nil
    }
}

@available(*, unavailable)
extension RequestReadTimeoutHandler: Sendable {}
