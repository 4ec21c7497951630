import Foundation
import Hummingbird

/// HTTP Basic auth on the backend API's writes (POST, PUT), as upstream's
/// `backend_authenticated`: any user name, the configured password; reads are open,
/// since builders fetch their task without credentials.
struct BackendAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let password: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post || request.method == .put {
            guard let given = Self.password(in: request), Self.matches(given, password) else { throw BackendAPIError.wrongPassword }
        }
        return try await next(request, context)
    }

    /// Compares in time that does not depend on where the first difference is, so the
    /// answer's timing tells nothing about the password.
    private static func matches(_ given: String, _ expected: String) -> Bool {
        let given = Array(given.utf8), expected = Array(expected.utf8)
        var difference = given.count ^ expected.count
        for index in expected.indices {
            difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0
    }

    /// The password of a `Basic` Authorization header, nil when there is none.
    private static func password(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Data(base64Encoded: String(parts[1])).flatMap({ String(data: $0, encoding: .utf8) }),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return String(decoded[decoded.index(after: colon)...])
    }
}
