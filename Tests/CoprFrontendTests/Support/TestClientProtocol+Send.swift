import Foundation
import Hummingbird
import HummingbirdTesting

extension TestClientProtocol {
    /// Sends one request to the router: `uri` from `/` on, query included, taken as it is
    /// (no `..` resolved, no percent-encoding undone), as a hostile client may send it.
    func send(_ method: String, _ uri: String, headers: HTTPFields = [:], body: Data? = nil) async throws -> TestAnswer {
        guard let method = HTTPRequest.Method(method) else { throw FixtureError("not an HTTP method: \(method)") }
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        return TestAnswer(response)
    }
}
