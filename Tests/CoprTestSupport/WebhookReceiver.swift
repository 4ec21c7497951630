import Foundation
import Synchronization

/// An HTTP receiver for webhook tests on 127.0.0.1: records every request and answers
/// with the status the test sets (200 unless told otherwise).
public final class WebhookReceiver: Sendable {
    private let slot = StubServerSlot()
    private let state = State()

    /// What the server's handler and the test share.
    private final class State: Sendable {
        let value = Mutex<(requests: [RecordedRequest], status: Int)>(([], 200))
    }

    private init() {}

    /// Starts a receiver and returns once it listens.
    public static func start() async throws -> WebhookReceiver {
        let receiver = WebhookReceiver()
        try await receiver.slot.start(label: "webhook-receiver") { [state = receiver.state] request in
            let status = state.value.withLock { state in
                state.requests.append(request)
                return state.status
            }
            return StubHTTPServer.Reply(status: status, body: Data("{\"received\": true}".utf8))
        }
        return receiver
    }

    /// The URL to configure as the bus's `url`.
    public var url: String { "http://127.0.0.1:\(slot.port)/hooks/copr" }

    /// Every request so far, in arrival order.
    public var requests: [RecordedRequest] { state.value.withLock { $0.requests } }

    /// The status of every later answer.
    public func answer(status: Int) {
        state.value.withLock { $0.status = status }
    }

    public func shutdown() async {
        await slot.shutdown()
    }
}
