import CoprCore

/// What a user asks for when creating a project; ``FrontendStore/createProject(_:)``
/// checks every field.
public struct NewProject: Sendable, Equatable {
    public var owner: String
    public var name: String
    public var chroots: [String]
    public var signingEnabled: Bool
    /// The settings it starts with; what is not given has its default.
    public var settings: ProjectSettingsChanges

    public init(
        owner: String, name: String, chroots: [String], signingEnabled: Bool = false,
        settings: ProjectSettingsChanges = ProjectSettingsChanges()
    ) {
        self.owner = owner
        self.name = name
        self.chroots = chroots
        self.signingEnabled = signingEnabled
        self.settings = settings
    }

    /// The request with every field checked: the owner (a user or `@group`), the name
    /// and at least one chroot, each known to the task contract, and the settings.
    public func checked() throws(InvalidField) -> NewProject {
        try TaskRules.owner(owner, field: "owner")
        try TaskRules.projectName(name, field: "project")
        try TaskRules.chroots(chroots)
        _ = try settings.checked()
        return self
    }
}
