import Foundation
import Synchronization

/// A stand-in for Copr's keygen service (`POST /gen_key`) over real HTTP:
/// it records every request and answers with a configurable status.
public final class KeygenStub: Sendable {
    private let slot = StubServerSlot()
    private let state = Mutex<(requests: [RecordedRequest], status: Int)>(([], 200))

    private init() {}

    public static func start() async throws -> KeygenStub {
        let stub = KeygenStub()
        try await stub.slot.start(label: "keygen-stub") { [weak stub] request in
            guard let stub else { return .init(status: 503) }
            return stub.state.withLock { state in
                state.requests.append(request)
                return .init(status: request.path == "/gen_key" ? state.status : 404)
            }
        }
        return stub
    }

    /// `host:port`, as the `keygen_host` option takes it.
    public var hostAndPort: String { "127.0.0.1:\(slot.port)" }

    /// Every request received, oldest first.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The status `/gen_key` answers from now on.
    public func setStatus(_ status: Int) {
        state.withLock { $0.status = status }
    }

    public func shutdown() async {
        await slot.shutdown()
    }
}
