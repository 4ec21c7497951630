import AsyncHTTPClient
import CoprCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request the frontend refused or could not answer, in words that name the real
/// problem: the frontend's own message, a server that is not the embedded frontend (the
/// daemon's port answers 404 with an empty body), or no server at all.
struct UserAPIFailure: Error, CustomStringConvertible {
    var description: String
    /// The embedded frontend refused the request in its own words (`{"error": …}`).
    private(set) var isFrontendRefusal = false

    init(_ description: String) {
        self.description = description
    }

    /// An answer that is not a success. The embedded frontend always says what is wrong
    /// in `{"error": …}`; an answer without it comes from another server.
    init(status: HTTPResponseStatus, body: ByteBuffer, url: String) {
        let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
        if let message = (try? JSONValue.decode(Data(text.utf8)))?["error"]?.stringValue {
            description = "\(status.code) \(status.reasonPhrase): \(message)"
            isFrontendRefusal = true
        } else {
            let said = text.isEmpty ? "an empty body" : TaskRules.quoted(String(text.prefix(200)))
            description = "\(url) answered \(status.code) \(status.reasonPhrase) with \(said), not as copr-backend's embedded "
                + "frontend does: is this the daemon's address ([backend] http_listen) or another server? Give the frontend's "
                + "([frontend] listen, public_url) with --url or $COPR_BACKEND_URL"
        }
    }

    /// The request failed before any answer: nothing listens, the name does not resolve,
    /// or the connection broke.
    init(connecting url: String, _ error: any Error) {
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            description = "no frontend answers at \(url) (the connection timed out); start it with copr-backend run, or name it with --url"
        case is NIOConnectionError, is ChannelError, is IOError:
            description = "no frontend answers at \(url) (\(error)); start it with copr-backend run, or name it with --url"
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            description = "the frontend at \(url) did not answer in time (\(error)); try again, or check the daemon's log"
        default:
            description = "the request to \(url) failed: \(error)"
        }
    }
}
