import CoprCore

/// What one chroot of a project adds to its builds (Copr's project chroot, copr-cli
/// `edit-chroot`): repositories and buildroot packages, rpmbuild's `--with`/`--without`,
/// and Mock's isolation and bootstrap, `unchanged` leaving them to the builder's default.
public struct ChrootSettings: Sendable, Equatable {
    public var additionalRepos: [String] = []
    /// Packages installed into the buildroot (copr-cli `--packages`).
    public var buildrootPackages: [String] = []
    public var withOpts: [String] = []
    public var withoutOpts: [String] = []
    /// One of ``TaskRules/isolations``.
    public var isolation = "unchanged"
    /// One of ``TaskRules/bootstraps``.
    public var bootstrap = "unchanged"
    /// The container image of a `custom_image` bootstrap.
    public var bootstrapImage: String?

    public init() {}

    /// The isolation a build gets: the chroot's, `default` when unchanged.
    public var effectiveIsolation: String { isolation == "unchanged" ? "default" : isolation }

    /// The bootstrap a build gets: the chroot's, `default` when unchanged.
    public var effectiveBootstrap: String { bootstrap == "unchanged" ? "default" : bootstrap }
}

/// A change of ``ChrootSettings`` as a user asks for it: each field nil to keep it,
/// `reset` naming fields (as Copr names them) set back to their defaults first. The one
/// place their values are checked, for both user APIs.
public struct ChrootSettingsChanges: Sendable, Equatable {
    /// The field names `reset` accepts: Copr's names in `get-chroot`.
    public static let resettable = [
        "additional_repos", "additional_packages", "with_opts", "without_opts", "isolation", "bootstrap", "bootstrap_image",
    ]

    public var additionalRepos: [String]?
    public var buildrootPackages: [String]?
    public var withOpts: [String]?
    public var withoutOpts: [String]?
    public var isolation: String?
    public var bootstrap: String?
    public var bootstrapImage: String?
    public var reset: [String]

    public init(
        additionalRepos: [String]? = nil, buildrootPackages: [String]? = nil, withOpts: [String]? = nil,
        withoutOpts: [String]? = nil, isolation: String? = nil, bootstrap: String? = nil, bootstrapImage: String? = nil,
        reset: [String] = []
    ) {
        self.additionalRepos = additionalRepos
        self.buildrootPackages = buildrootPackages
        self.withOpts = withOpts
        self.withoutOpts = withoutOpts
        self.isolation = isolation
        self.bootstrap = bootstrap
        self.bootstrapImage = bootstrapImage
        self.reset = reset
    }

    /// The changes with every value checked by the task contract's rules.
    public func checked() throws(InvalidField) -> ChrootSettingsChanges {
        if let additionalRepos { try TaskRules.repositoryURLs(additionalRepos, field: "additional_repos") }
        if let buildrootPackages {
            try Self.count(buildrootPackages, field: "additional_packages")
            for package in buildrootPackages { try TaskRules.buildrootPackage(package, field: "additional_packages") }
        }
        for (field, options) in [("with_opts", withOpts), ("without_opts", withoutOpts)] {
            guard let options else { continue }
            try Self.count(options, field: field)
            for option in options { try TaskRules.token(option, field: field) }
        }
        if let isolation { try TaskRules.choice(isolation, TaskRules.isolations, field: "isolation") }
        if let bootstrap { try TaskRules.choice(bootstrap, TaskRules.bootstraps, field: "bootstrap") }
        if let bootstrapImage, !bootstrapImage.isEmpty { try TaskRules.containerImage(bootstrapImage) }
        for field in reset where !Self.resettable.contains(field) {
            throw InvalidField(
                field: "reset_fields",
                reason: "unknown field \(TaskRules.quoted(field)); the fields are \(Self.resettable.joined(separator: ", "))")
        }
        return self
    }

    /// `settings` with the reset fields at their defaults, then these changes. An image
    /// implies the `custom_image` bootstrap, as Copr's clients mean it.
    public func applied(to settings: ChrootSettings) -> ChrootSettings {
        var result = settings
        let defaults = ChrootSettings()
        for field in reset {
            switch field {
            case "additional_repos": result.additionalRepos = defaults.additionalRepos
            case "additional_packages": result.buildrootPackages = defaults.buildrootPackages
            case "with_opts": result.withOpts = defaults.withOpts
            case "without_opts": result.withoutOpts = defaults.withoutOpts
            case "isolation": result.isolation = defaults.isolation
            case "bootstrap": result.bootstrap = defaults.bootstrap
            default: result.bootstrapImage = defaults.bootstrapImage
            }
        }
        if let additionalRepos { result.additionalRepos = additionalRepos }
        if let buildrootPackages { result.buildrootPackages = buildrootPackages }
        if let withOpts { result.withOpts = withOpts }
        if let withoutOpts { result.withoutOpts = withoutOpts }
        if let isolation { result.isolation = isolation }
        if let bootstrap { result.bootstrap = bootstrap }
        if let bootstrapImage, !bootstrapImage.isEmpty {
            result.bootstrapImage = bootstrapImage
            result.bootstrap = "custom_image"
        }
        if result.bootstrap != "custom_image" { result.bootstrapImage = nil }
        return result
    }

    private static func count(_ values: [String], field: String) throws(InvalidField) {
        guard values.count <= TaskRules.maximumBuildOptions else {
            throw InvalidField(field: field, reason: "\(values.count) given, at most \(TaskRules.maximumBuildOptions) are accepted")
        }
    }
}
