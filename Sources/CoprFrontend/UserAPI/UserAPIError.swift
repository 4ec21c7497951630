import CoprCore
import Hummingbird

/// A refused request of the user API: the status and `{"error": "..."}` with what is
/// wrong and what to do. The backend API answers the same refusals with upstream's
/// `{"msg": ...}` (``BackendAPIError``), so the two share the mapping of the store's
/// errors to statuses but not the body.
struct UserAPIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A body over the size the route accepts.
    static func tooLarge(_ what: String, limit: Int) -> UserAPIError {
        UserAPIError(.contentTooLarge, "The \(what) is larger than the limit of \(limit) bytes")
    }

    /// The answer to an error a handler threw: 400 for invalid input or an order of builds
    /// Copr refuses, 401 for a missing or refused token, 403 for what the requester may not
    /// do, 404 for what does not exist, 409 for a conflict (as the backend API maps them),
    /// otherwise nil (an internal error).
    init?(_ error: any Error) {
        switch error {
        case let error as UserAPIError:
            self = error
        case let error as BatchRefused:
            self.init(.badRequest, error.description)
        case let error as BuildNotEnded:
            self.init(.conflict, error.description)
        case let error as ProjectBuildsNotEnded:
            self.init(.conflict, error.description)
        case let error as TokenRefused:
            self.init(.unauthorized, error.description)
        case let error as AccessRefused:
            if case .unauthenticated = error {
                self.init(.unauthorized, error.description)
            } else {
                self.init(.forbidden, error.description)
            }
        default:
            guard let mapped = BackendAPIError(error) else { return nil }
            self.init(mapped.status, mapped.message)
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        BackendAPI.json(["error": .string(message)], status: status)
    }
}
