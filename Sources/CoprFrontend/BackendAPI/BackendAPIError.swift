import CoprCore
import Foundation
import Hummingbird

/// A refused request of the backend API, rendered as upstream's frontend does: JSON
/// `{"msg": "..."}` with the status, or the plain-text answer to a wrong password. Public
/// so that a caller in the same process (through ``BackendOperations``) learns the same
/// status and body an HTTP client gets.
public struct BackendAPIError: Error, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let message: String
    let plainText: Bool

    init(_ status: HTTPResponse.Status, _ message: String, plainText: Bool = false) {
        self.status = status
        self.message = message
        self.plainText = plainText
    }

    /// A write without Basic auth carrying the configured password.
    static let wrongPassword = BackendAPIError(.unauthorized, "You have to provide the correct password\n", plainText: true)

    /// The answer to an error a handler threw: 400 for invalid input, 404 for what does
    /// not exist, 409 for a conflict, otherwise nil (an internal error).
    init?(_ error: any Error) {
        switch error {
        case let error as BackendAPIError:
            self = error
        case let error as InvalidField:
            self.init(.badRequest, error.description)
        case let error as FrontendStoreError:
            switch error {
            case .taskNotFound, .buildNotFound, .buildDeleted, .projectNotFound, .userNotFound, .groupNotFound, .packageNotFound,
                 .actionNotFound:
                self.init(.notFound, error.description)
            case .projectExists, .buildFinished, .userExists, .groupExists, .packageExists: self.init(.conflict, error.description)
            case .chrootsNotInProject: self.init(.badRequest, error.description)
            }
        default:
            return nil
        }
    }

    /// The HTTP status code of the answer.
    public var statusCode: Int { Int(status.code) }

    /// The body of the answer, as an HTTP client reads it.
    public var body: String {
        if plainText { return message }
        return String(decoding: BackendAPI.encoded(["msg": .string(message)]), as: UTF8.self)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: plainText ? "text/plain; charset=utf-8" : "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
