import CoprCore
import Foundation
import HummingbirdTesting

/// An answer of the router in the terms the tests check: the status code, header fields
/// by name, the body.
struct TestAnswer: Sendable {
    let status: Int
    /// Header fields, names lowercased.
    let headers: [String: String]
    let body: Data

    init(_ response: TestResponse) {
        status = response.status.code
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.canonicalName] = field.value }
        headers = fields
        body = Data(response.body.readableBytesView)
    }

    /// The value of header `name` (case-insensitive).
    func header(_ name: String) -> String? { headers[name.lowercased()] }
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body parsed as JSON.
    var json: JSONValue? { try? JSONValue.decode(body) }
}
