import CoprCore
import Hummingbird
import Logging

/// Answers whatever a handler of the user API or of Copr's API v3 (whose clients read the
/// same `{"error": "..."}`) throws with a status and that body:
/// refusals with their own status and message, Hummingbird's errors (a wrong method)
/// with their status, anything unexpected with 500 after logging it.
struct UserAPIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let answer = UserAPIError(error) {
                return try answer.response(from: request, context: context)
            }
            if let error = error as? any HTTPResponseError {
                return try UserAPIError(error.status, error.status.reasonPhrase).response(from: request, context: context)
            }
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return try UserAPIError(.internalServerError, "Internal error of the embedded frontend; see its log")
                .response(from: request, context: context)
        }
    }
}
