import CoprCore

/// What a user changes of a project (`copr-backend project edit`): each field nil to
/// keep it. ``FrontendStore/editProject(owner:name:changes:)`` checks every field.
public struct ProjectChanges: Sendable, Equatable {
    /// The chroots new builds are built for; builds already submitted keep theirs.
    public var chroots: [String]?
    public var signingEnabled: Bool?
    public var settings: ProjectSettingsChanges

    public init(chroots: [String]? = nil, signingEnabled: Bool? = nil, settings: ProjectSettingsChanges = ProjectSettingsChanges()) {
        self.chroots = chroots
        self.signingEnabled = signingEnabled
        self.settings = settings
    }

    /// The changes with every field checked: at least one chroot, each known to the task
    /// contract, and the settings.
    public func checked() throws(InvalidField) -> ProjectChanges {
        if let chroots { try TaskRules.chroots(chroots) }
        _ = try settings.checked()
        return self
    }
}
