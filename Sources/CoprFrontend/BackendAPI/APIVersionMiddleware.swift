import Hummingbird
import Logging

/// Puts `Copr-FE-BE-API-Version` on every answer of the backend API, errors included (the
/// backend refuses a frontend without it), and turns what handlers throw
/// into upstream-style answers; anything unexpected is logged and answered 500.
struct APIVersionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPFields.Element.Name { HTTPFields.Element.Name("Copr-FE-BE-API-Version")! }

    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            if let answer = BackendAPIError(error) {
                response = try answer.response(from: request, context: context)
            } else if let error = error as? any HTTPResponseError {
                // Hummingbird's own: a body over the size limit (413), a wrong method.
                response = try error.response(from: request, context: context)
            } else {
                logger.error("Backend API \(request.method) \(request.uri.path) failed: \(error)")
                response = try BackendAPIError(.internalServerError, "Internal error of the embedded frontend; see its log")
                    .response(from: request, context: context)
            }
        }
        response.headers[Self.headerName] = String(BackendAPI.version)
        return response
    }
}
