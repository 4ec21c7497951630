import CoprBackend
import CoprCore

/// The embedded frontend's actions, handed to the daemon's action dispatcher in process
/// as a Copr frontend hands them out over HTTP.
extension InProcessFrontend: ActionFrontendAPI {
    public func pendingActions() async throws -> [JSONValue] {
        try await call("pending-actions") { try await $0.pendingActions() }
    }

    public func action(_ id: Int) async throws -> ActionRecord {
        let path = "action/\(id)"
        let answer = try await call(path) { try await $0.action(id: id) }
        do {
            return try ActionRecord(answer: answer)
        } catch {
            throw FrontendError.badResponse(url: Self.place(path), reason: error.description)
        }
    }

    public func reportAction(_ id: Int, result: ActionResult) async throws {
        _ = try await call("update") { try await $0.updateActions([["id": .int(id), "result": .int(result.rawValue)]]) }
    }
}
