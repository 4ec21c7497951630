import CoprCore
import Foundation
import NIOCore
import NIOPosix

/// Chromium's DevTools protocol over the two pipes of `--remote-debugging-pipe`: commands
/// go out as NUL-terminated JSON, each answer comes back with the command's id. Events
/// (messages without an id) are not needed by the harness, which polls, and are dropped.
///
/// No port and no websocket: nothing else on the machine can reach the browser, and the
/// pipe ends when the browser does, which fails every command still waiting at once.
final class DevToolsConnection: Sendable {
    private let channel: any Channel
    private let state: LockedValue<State>

    /// What the connection waits for.
    struct State: Sendable {
        var lastID = 0
        var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        /// Commands whose caller gave up before their answer was awaited.
        var abandoned: Set<Int> = []
        /// Why no command can be answered any more.
        var ended: HeadlessBrowserFailure?
    }

    private init(channel: any Channel, state: LockedValue<State>) {
        self.channel = channel
        self.state = state
    }

    /// Speaks the protocol over `reading` (the browser's fd 4) and `writing` (its fd 3),
    /// which the connection owns from now on.
    static func open(reading: Int32, writing: Int32) async throws -> DevToolsConnection {
        let state = LockedValue(State())
        let channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AnswerHandler(state: state))
                }
            }
            .takingOwnershipOfDescriptors(input: reading, output: writing).get()
        return DevToolsConnection(channel: channel, state: state)
    }

    /// Sends `method` with `params` (to the page of `session`, or to the browser itself)
    /// and returns the answer's `result`.
    /// - Throws: ``HeadlessBrowserFailure`` when the browser answers with an error, does
    ///   not answer within `timeout`, or has gone; `CancellationError`.
    func call(
        _ method: String, _ params: [String: JSONValue] = [:], session: String? = nil, timeout: Duration
    ) async throws -> JSONValue {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        var message: [String: JSONValue] = ["id": .int(id), "method": .string(method), "params": .object(params)]
        if let session { message["sessionId"] = .string(session) }
        let frame = DevToolsFraming.frame(Array(try JSONValue.object(message).encoded()))
        return try await withThrowingTaskGroup(of: JSONValue.self) { group in
            group.addTask { try await self.answer(to: id, sending: frame) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HeadlessBrowserFailure("Chromium did not answer \(method) within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let answer = try await group.next() else { throw CancellationError() }
            return answer
        }
    }

    /// Ends the connection; commands still waiting fail.
    func close() {
        channel.close(promise: nil)
    }

    private func answer(to id: Int, sending frame: [UInt8]) async throws -> JSONValue {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refusal: (any Error & Sendable)? = state.withLock { state in
                    if let ended = state.ended { return ended }
                    if state.abandoned.remove(id) != nil { return CancellationError() }
                    state.waiting[id] = continuation
                    return nil
                }
                if let refusal { return continuation.resume(throwing: refusal) }
                channel.writeAndFlush(ByteBuffer(bytes: frame)).whenFailure { [state] error in
                    let waiting = state.withLock { $0.waiting.removeValue(forKey: id) }
                    waiting?.resume(throwing: HeadlessBrowserFailure("cannot write to Chromium's DevTools pipe: \(error)"))
                }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                guard let waiting = state.waiting.removeValue(forKey: id) else {
                    state.abandoned.insert(id)
                    return nil as CheckedContinuation<JSONValue, any Error>?
                }
                return waiting
            }
            waiting?.resume(throwing: CancellationError())
        }
    }
}

/// Reads the browser's messages and hands each answer to the command waiting for it.
private final class AnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let state: LockedValue<DevToolsConnection.State>
    private var framing = DevToolsFraming()

    init(state: LockedValue<DevToolsConnection.State>) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for message in framing.append(unwrapInboundIn(data).readableBytesView) {
            guard let answer = try? JSONValue.decode(Data(message)), let id = answer["id"]?.intValue else { continue }
            let waiting = state.withLock { state in
                state.abandoned.remove(id)
                return state.waiting.removeValue(forKey: id)
            }
            if let error = answer["error"] {
                let text = error["message"]?.stringValue ?? "\(error)"
                waiting?.resume(throwing: HeadlessBrowserFailure("Chromium refused the command: \(text)"))
            } else {
                waiting?.resume(returning: answer["result"] ?? .object([:]))
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        end(HeadlessBrowserFailure("Chromium's DevTools pipe failed: \(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(HeadlessBrowserFailure("Chromium closed its DevTools pipe"))
    }

    private func end(_ failure: HeadlessBrowserFailure) {
        let waiting = state.withLock { state in
            if state.ended == nil { state.ended = failure }
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        waiting.forEach { $0.resume(throwing: failure) }
    }
}
