import CoprBackend
import CoprCore
import Foundation

/// One HTTP request as a stub server received it, kept for assertions.
public struct RecordedRequest: Sendable {
    /// `GET`, `POST`, ...
    public let method: String
    /// The path without the query, exactly as sent (trailing slash included).
    public let path: String
    /// Header fields, names lowercased; repeated fields are joined with ", ".
    public let headers: [String: String]
    /// The raw body.
    public let body: Data
    /// When the request arrived.
    public let receivedAt: Date

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, or nil if it is empty or not JSON.
    public var json: JSONValue? { try? JSONValue.parse(body) }

    /// The password of an HTTP Basic `Authorization` header.
    public var basicAuthPassword: String? {
        guard let value = header("authorization"), value.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[text.index(after: colon)...])
    }
}
