import CoprCore

/// What a user asks for when forking a project: the project to copy, the owner and name
/// of the fork, and whether forking into a project that already exists is meant
/// (`confirm`, copr-cli `fork --confirm`). ``FrontendStore/forkProject(_:)`` checks it.
public struct ForkRequest: Sendable, Equatable {
    public var sourceOwner: String
    public var sourceName: String
    /// The fork's owner: the requester, or a group they are a member of.
    public var owner: String
    public var name: String
    public var confirm: Bool

    public init(sourceOwner: String, sourceName: String, owner: String, name: String, confirm: Bool = false) {
        self.sourceOwner = sourceOwner
        self.sourceName = sourceName
        self.owner = owner
        self.name = name
        self.confirm = confirm
    }

    /// `<owner>/<name>` of the fork.
    public var fullName: String { "\(owner)/\(name)" }

    /// The request with every name checked by the task contract's rules (the fork's as
    /// `owner` and `name`), and refused when the fork would be the project itself.
    public func checked() throws(InvalidField) -> ForkRequest {
        try TaskRules.owner(sourceOwner, field: "source owner")
        try TaskRules.projectName(sourceName, field: "source project")
        try TaskRules.owner(owner, field: "owner")
        try TaskRules.projectName(name, field: "name")
        guard owner != sourceOwner || name != sourceName else {
            throw InvalidField(field: "name", reason: "the fork \(TaskRules.quoted(fullName)) would be the project itself; give the fork another name or owner")
        }
        return self
    }
}
