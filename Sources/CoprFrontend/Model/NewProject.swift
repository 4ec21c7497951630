/// What a user asks for when creating a project; ``FrontendStore/createProject(_:)``
/// checks every field.
public struct NewProject: Sendable, Equatable {
    public var owner: String
    public var name: String
    public var chroots: [String]
    public var signingEnabled: Bool

    public init(owner: String, name: String, chroots: [String], signingEnabled: Bool = false) {
        self.owner = owner
        self.name = name
        self.chroots = chroots
        self.signingEnabled = signingEnabled
    }
}
