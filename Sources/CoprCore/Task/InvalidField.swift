/// A value the task contract refuses: the field it came in and what is wrong with it, in
/// words a user or an operator can act on.
///
/// Every side refuses with this one error, so that a value is refused the same way
/// wherever it arrives: the embedded frontend answers it with 400 and this text, the
/// backend fails the task (or skips its `pending-jobs` entry) with it, and the builder
/// agent refuses to build with it.
public struct InvalidField: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field as the record, the request or the command line names it (`chroot`,
    /// `project_owner`, `timeout`).
    public var field: String
    /// What is wrong with the value, with the value itself shown by ``TaskRules/quoted(_:)``.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "Invalid \(field): \(reason)" }
}
