import CoprCore

extension FrontendClient: ActionFrontendAPI {
    public func pendingActions() async throws -> [JSONValue] {
        let path = "pending-actions"
        guard let entries = try await request(.GET, path).arrayValue else {
            throw FrontendError.badResponse(url: url(path), reason: "expected a list of actions")
        }
        return entries
    }

    public func action(_ id: Int) async throws -> ActionRecord {
        let path = "action/\(id)"
        let answer = try await request(.GET, path)
        do {
            return try ActionRecord(answer: answer)
        } catch {
            throw FrontendError.badResponse(url: url(path), reason: error.description)
        }
    }

    public func reportAction(_ id: Int, result: ActionResult) async throws {
        _ = try await request(.POST, "update", body: ["actions": [["id": .int(id), "result": .int(result.rawValue)]]])
    }
}
