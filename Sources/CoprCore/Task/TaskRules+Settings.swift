/// The rules of a project's and a chroot's settings (Copr's `additional_repos`,
/// `runtime_dependencies`, `isolation`, `bootstrap`, `bootstrap_image`, the project's
/// texts): the frontend checks them before storing, the agent before writing them into a
/// mock configuration.
extension TaskRules {
    /// The most repositories (or runtime dependencies) one project or chroot may list.
    public static let maximumRepositories = 50
    /// The most buildroot packages or `--with`/`--without` options one chroot may list.
    public static let maximumBuildOptions = 100
    /// The most UTF-8 bytes of a project's description or instructions.
    public static let maximumTextBytes = 65_536
    /// Mock's isolation settings, `unchanged` leaving the project's.
    public static let isolations = ["unchanged", "default", "simple", "nspawn"]
    /// Mock's bootstrap settings, `unchanged` leaving the project's.
    public static let bootstraps = ["unchanged", "default", "on", "off", "image", "custom_image"]

    /// Characters of a repository URL besides letters and digits: what URLs, dnf's
    /// `$releasever`/`$basearch` and a `?priority=N` need; no quotes, spaces, `;`, `|`,
    /// backquotes or parentheses.
    private static let repositoryCharacters = ASCIISet("-._~:/?#[]@!$&+,=%")
    /// Characters of a container image reference (`registry.example.org/fedora:41`,
    /// `…@sha256:…`).
    private static let imageCharacters = ASCIISet("-._/:@+")

    /// An additional repository or runtime dependency: `copr://<owner>/<project>` (that
    /// project's repository for the build's chroot) or an `http`/`https` URL, which may
    /// use `$releasever`, `$basearch`, `$chroot`, `$distname` and `?priority=N`.
    @discardableResult
    public static func repositoryURL(_ value: String, field: String = "additional_repos") throws(InvalidField) -> String {
        try characters(value, field: field, allowed: repositoryCharacters, maximumLength: maximumURLLength)
        if value.hasPrefix("copr://") {
            _ = try coprRepository(value, field: field)
            return value
        }
        try webURL(value, field: field)
        guard !value.contains("/../"), !value.hasSuffix("/..") else {
            throw InvalidField(field: field, reason: "\(quoted(value)) has a '..' path component")
        }
        return value
    }

    /// `copr://<owner>/<project>` as its owner and project, both checked.
    public static func coprRepository(_ value: String, field: String = "additional_repos") throws(InvalidField) -> (owner: String, project: String) {
        let parts = value.dropFirst("copr://".count).split(separator: "/", omittingEmptySubsequences: false)
        guard value.hasPrefix("copr://"), parts.count == 2 else {
            throw InvalidField(field: field, reason: "expected copr://<owner>/<project>, found \(quoted(value))")
        }
        return (try owner(String(parts[0]), field: field), try projectName(String(parts[1]), field: field))
    }

    /// A list of at most ``maximumRepositories`` repository URLs, each checked.
    @discardableResult
    public static func repositoryURLs(_ values: [String], field: String = "additional_repos") throws(InvalidField) -> [String] {
        guard values.count <= maximumRepositories else {
            throw InvalidField(field: field, reason: "\(values.count) repositories given, at most \(maximumRepositories) are accepted")
        }
        for value in values { try repositoryURL(value, field: field) }
        return values
    }

    /// One of `allowed` (Mock's isolation or bootstrap settings).
    @discardableResult
    public static func choice(_ value: String, _ allowed: [String], field: String) throws(InvalidField) -> String {
        guard allowed.contains(value) else {
            throw InvalidField(field: field, reason: "expected one of \(allowed.joined(separator: ", ")), found \(quoted(value))")
        }
        return value
    }

    /// The container image of Mock's bootstrap (`bootstrap_image`): letters, digits and
    /// `-._/:@+`, not an option.
    @discardableResult
    public static func containerImage(_ value: String, field: String = "bootstrap_image") throws(InvalidField) -> String {
        try characters(value, field: field, allowed: imageCharacters, maximumLength: maximumRevisionLength)
        guard !value.isEmpty, !value.hasPrefix("-"), !value.contains("..") else {
            throw InvalidField(field: field, reason: "\(quoted(value)) is not a container image name")
        }
        return value
    }

    /// Free text of several lines (a description, instructions in Markdown): at most
    /// `maximumBytes` UTF-8 bytes, no control characters but line breaks and tabs.
    @discardableResult
    public static func text(_ value: String, field: String, maximumBytes: Int = maximumTextBytes) throws(InvalidField) -> String {
        guard value.utf8.count <= maximumBytes else {
            throw InvalidField(field: field, reason: "it is \(value.utf8.count) bytes long, at most \(maximumBytes) are accepted")
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0) }) {
            throw InvalidField(field: field, reason: "it contains control characters: \(quoted(value))")
        }
        return value
    }

    /// One line of text (a contact): at most `maximumLength` characters, no control characters.
    @discardableResult
    public static func line(_ value: String, field: String, maximumLength: Int = maximumNameLength * 2) throws(InvalidField) -> String {
        try printable(value, field: field, maximumLength: maximumLength)
    }
}
