import CoprCore
import Foundation
import Synchronization

/// A stand-in for the action part of the Copr frontend's backend API on 127.0.0.1, over
/// real HTTP, serving recorded action records and recording every result.
///
/// Routes (with or without trailing slash): `GET /backend/pending-actions/` (the waiting
/// actions in the order they were added, as upstream's `{id, priority, project_owner}`),
/// `GET /backend/action/<id>/` (the record as added) and `POST /backend/update/` with
/// `{"actions": [{"id": …, "result": …}]}` (Basic auth with the configured password). An
/// action with a result of 1 or 2 is no longer listed. Every answer under `/backend/`
/// carries `Copr-FE-BE-API-Version: 9`. Other pages (a chroot's comps) are served as set.
public final class ActionFrontendStub: Sendable {
    private struct State {
        var password: String
        /// Records with the owner listed for them, in the order added.
        var actions: [(record: JSONValue, owner: String?)] = []
        var results: [(id: Int, result: Int)] = []
        var failingUpdates = 0
        var failingPages = 0
        var pages: [String: Data] = [:]
        var requests: [RecordedRequest] = []
    }

    private let state: Mutex<State>
    private let slot = StubServerSlot()

    private init(password: String) {
        state = Mutex(State(password: password))
    }

    /// Starts a stand-in on 127.0.0.1 with a free port.
    public static func start(password: String = "frontend-auth") async throws -> ActionFrontendStub {
        let stub = ActionFrontendStub(password: password)
        try await stub.slot.start(label: "action-frontend-stub") { [weak stub] request in
            stub?.handle(request) ?? .init(status: 503)
        }
        return stub
    }

    /// Stops the server. Safe to call more than once.
    public func shutdown() async {
        await slot.shutdown()
    }

    /// `http://127.0.0.1:<port>`: the backend's `frontend_base_url`.
    public var baseURL: String { "http://127.0.0.1:\(slot.port)" }

    /// Adds a waiting action: `record` as `action/<id>` serves it, listed with `owner`.
    public func add(_ record: JSONValue, owner: String?) {
        state.withLock { $0.actions.append((record, owner)) }
    }

    /// Serves `body` at `path` (outside `/backend/`), as the frontend serves a chroot's comps.
    public func serve(_ path: String, body: Data) {
        state.withLock { $0.pages[path] = body }
    }

    /// The next `count` requests for a page set with ``serve(_:body:)`` answer 503, as a
    /// frontend that is restarting does.
    public func failNextPages(_ count: Int) {
        state.withLock { $0.failingPages = count }
    }

    /// The next `count` updates answer 500 without taking the results.
    public func failNextUpdates(_ count: Int) {
        state.withLock { $0.failingUpdates = count }
    }

    /// Every result taken by `update`, in order.
    public var results: [(id: Int, result: Int)] { state.withLock { $0.results } }

    /// The results taken for action `id`.
    public func results(for id: Int) -> [Int] { results.filter { $0.id == id }.map(\.result) }

    /// Every request received, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    private func handle(_ request: RecordedRequest) -> StubHTTPServer.Reply {
        state.withLock { state in
            state.requests.append(request)
            let headers = [("Content-Type", "application/json"), ("Copr-FE-BE-API-Version", "9")]
            func reply(_ status: Int, _ body: JSONValue) -> StubHTTPServer.Reply {
                .init(status: status, headers: headers, body: body.data)
            }
            if let page = state.pages[request.path] {
                if state.failingPages > 0 {
                    state.failingPages -= 1
                    return .init(status: 503)
                }
                return .init(status: 200, headers: [("Content-Type", "text/xml")], body: page)
            }
            let parts = request.path.split(separator: "/").map(String.init)
            let finished = Set(state.results.filter { [1, 2].contains($0.result) }.map(\.id))
            switch (request.method, parts.dropFirst().first, parts.count) {
            case ("GET", "pending-actions", 2):
                let waiting = state.actions.filter { !finished.contains($0.record["id"]?.intValue ?? -1) }
                return reply(200, .array(waiting.map { action in
                    ["id": action.record["id"] ?? .null, "priority": action.record["priority"] ?? .int(0),
                     "project_owner": action.owner.map { .string($0) } ?? .null]
                }))
            case ("GET", "action", 3):
                guard let action = state.actions.first(where: { $0.record["id"]?.intValue == Int(parts[2]) }) else {
                    return reply(500, ["msg": "NoResultFound"])
                }
                return reply(200, action.record)
            case ("POST", "update", 2):
                guard request.basicAuthPassword == state.password else { return reply(401, ["msg": "bad password"]) }
                if state.failingUpdates > 0 {
                    state.failingUpdates -= 1
                    return reply(500, ["msg": "Injected failure"])
                }
                let updates = request.json?["actions"]?.arrayValue ?? []
                for update in updates {
                    if let id = update["id"]?.intValue, let result = update["result"]?.intValue { state.results.append((id, result)) }
                }
                return reply(200, ["updated_actions_ids": .array(updates.compactMap { $0["id"] }), "non_existing_actions_ids": []])
            default:
                return reply(404, ["msg": "Not found"])
            }
        }
    }
}
