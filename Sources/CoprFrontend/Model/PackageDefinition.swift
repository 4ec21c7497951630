import CoprCore

/// What a user gives a package when adding or editing it; ``checked()`` is the one place
/// its rules live, for the user API and Copr's API v3 alike.
public struct PackageDefinition: Sendable, Equatable {
    public var name: String
    public var source: BuildSource
    public var webhookRebuild: Bool

    public init(name: String, source: BuildSource, webhookRebuild: Bool = false) {
        self.name = name
        self.source = source
        self.webhookRebuild = webhookRebuild
    }

    /// The definition with every field checked: the name as the task contract's package
    /// names, the source as a build's (``BuildSource/checked()``). A package's default
    /// source is a git repository, an SRPM or spec URL or a PyPI project, which each
    /// rebuild fetches again; an upload belongs to the one build it was sent with.
    public func checked() throws(InvalidField) -> PackageDefinition {
        try TaskRules.packageName(name)
        if case .upload = source {
            throw InvalidField(field: "source", reason: "a package is built from a git repository, an SRPM or spec URL or PyPI; submit an uploaded file as a build instead")
        }
        var checked = self
        checked.source = try source.checked()
        return checked
    }

    /// The definition of `package` as it is stored, to be changed by an edit.
    public init(_ package: Package) {
        self.init(name: package.name, source: package.source, webhookRebuild: package.webhookRebuild)
    }
}
