import CoprBackend
import CoprCore
import AsyncHTTPClient
import Foundation
import Hummingbird

/// A one-call HTTP client for tests that talk to the stub servers directly, so test
/// targets need no HTTP library of their own.
public enum TestHTTP {
    /// A received response.
    public struct Response: Sendable {
        public let status: Int
        /// Header fields, names lowercased.
        public let headers: [String: String]
        public let body: Data

        /// The value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed as JSON.
        public var json: JSONValue? { try? JSONValue.parse(body) }
    }

    /// Sends one request; with `password`, adds HTTP Basic auth as user `user` (what the
    /// backend sends to the frontend).
    public static func send(
        _ method: String,
        _ url: String,
        body: Data? = nil,
        contentType: String = "application/json",
        password: String? = nil,
        timeout: Duration = .seconds(10)
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let password {
            request.headers.add(name: "Authorization", value: "Basic " + Data("user:\(password)".utf8).base64EncodedString())
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            headers[name.lowercased()] = value
        }
        return Response(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
    }
}
