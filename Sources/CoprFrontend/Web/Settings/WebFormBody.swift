import Foundation
import Hummingbird
import NIOCore

/// A posted HTML form (`application/x-www-form-urlencoded`) as its fields in order, a
/// name given several times (checkboxes of one name) kept each time.
struct WebFormBody: Sendable {
    /// The most bytes a form's body may have: several times what a project's settings
    /// take at most (two texts of ``TaskRules/maximumTextBytes`` and the repositories).
    static let maximumBytes = 1 << 20

    private let fields: [(name: String, value: String)]

    /// The fields of `text`: `+` is a space, percent-escapes are decoded, a field whose
    /// name or value is not well encoded is left out.
    init(_ text: String) {
        fields = text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else { return nil }
            return (name, value)
        }
    }

    /// The body of `request`, read up to ``maximumBytes``.
    /// - Throws: ``WebFormRefused`` (413) for a larger body.
    static func read(_ request: Request) async throws -> WebFormBody {
        do {
            return WebFormBody(String(buffer: try await request.body.collect(upTo: maximumBytes)))
        } catch is NIOTooManyBytesError {
            throw WebFormRefused(.contentTooLarge, "The form is larger than \(maximumBytes) bytes; shorten the texts and send it again.")
        }
    }

    /// The first value of `name`; nil when it was not posted.
    subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first value of `name` as a text: its line breaks `\n` whatever the browser
    /// sent (a textarea's are `\r\n`); nil when it was not posted.
    func text(_ name: String) -> String? {
        self[name].map { $0.replacingOccurrences(of: "\r\n", with: "\n") }
    }

    /// Every value of `name`, in the order posted.
    func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
