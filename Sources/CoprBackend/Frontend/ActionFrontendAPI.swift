import CoprCore

/// The part of the Copr backend API that hands out actions: what the action dispatcher
/// asks and where it reports. `FrontendClient` speaks it over HTTP; its failures follow
/// the same `FrontendRetryPolicy` and end in a `FrontendError`.
public protocol ActionFrontendAPI: Sendable {
    /// `pending-actions`: the waiting actions in the frontend's order, each entry as sent
    /// (the dispatcher reads them one at a time, so one malformed entry is skipped alone).
    func pendingActions() async throws -> [JSONValue]

    /// `action/<id>`: the whole record of action `id`.
    func action(_ id: Int) async throws -> ActionRecord

    /// `update` with `{"actions": [{"id": id, "result": result}]}`.
    func reportAction(_ id: Int, result: ActionResult) async throws
}
