/// A value from a user or from the backend that the frontend refuses, with the field and
/// what is wrong with it; the HTTP layers answer it with 400 and this text.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "Invalid \(field): \(reason)" }
}
