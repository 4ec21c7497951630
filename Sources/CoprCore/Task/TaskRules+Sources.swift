import Foundation

/// The rules of the fields that say where a build's sources come from and how it is made:
/// URLs, git revisions, paths inside a checkout, rpmbuild options, buildroot packages and
/// repositories.
extension TaskRules {
    /// The longest URL a task may name.
    public static let maximumURLLength = 2048
    /// The longest git revision (`committish`, `git_hash`) and buildroot package name.
    public static let maximumRevisionLength = 200
    /// The longest path inside a checkout (`subdirectory`, `spec`).
    public static let maximumPathLength = 500

    private static let revisionCharacters = ASCIISet("-_./+")
    private static let tokenCharacters = ASCIISet("-_.+")
    private static let fileNameCharacters = ASCIISet("+~")
    private static let packageCharacters = ASCIISet("-_.+:/()")

    /// An `http` or `https` URL with a host, without spaces or control characters; with
    /// `suffixes`, its path must end with one of them (`.src.rpm`, `.spec`). Only the
    /// syntax: where the URL may lead is the builder's `forbidden_networks` rule.
    @discardableResult
    public static func webURL(_ value: String, field: String, suffixes: [String] = []) throws(InvalidField) -> String {
        guard value.count <= maximumURLLength else {
            throw InvalidField(field: field, reason: "the URL is \(value.count) characters long, at most \(maximumURLLength) are accepted")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              let url = URLComponents(string: value), let scheme = url.scheme?.lowercased()
        else {
            throw InvalidField(field: field, reason: "\(quoted(value)) is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw InvalidField(field: field, reason: "the URL scheme '\(scheme)' is not allowed, only http and https are")
        }
        guard let host = url.host, !host.isEmpty else {
            throw InvalidField(field: field, reason: "the URL \(quoted(value)) has no host")
        }
        let path = url.path.lowercased()
        guard suffixes.isEmpty || suffixes.contains(where: { path.hasSuffix($0) }) else {
            throw InvalidField(field: field, reason: "the URL path must end with \(suffixes.joined(separator: " or ")), found \(quoted(value))")
        }
        return value
    }

    /// The name of an uploaded source (the `pkg` of an upload's `source_json`): one plain
    /// file name ending with `.src.rpm` (an SRPM) or `.spec` (a spec file). It becomes a
    /// path below the frontend's upload directory and part of the URL the builder
    /// downloads, so only characters that need no escaping in a URL path are accepted
    /// (no `^`).
    @discardableResult
    public static func sourceFileName(_ value: String, field: String = "filename") throws(InvalidField) -> String {
        guard value.hasSuffix(".src.rpm") || value.hasSuffix(".spec") else {
            throw InvalidField(field: field, reason: "expected a file name ending with .src.rpm or .spec, found \(quoted(value))")
        }
        return try name(value, field: field, extra: fileNameCharacters, maximumLength: maximumRevisionLength)
    }

    /// A git branch, tag or commit (`committish`, `git_hash`): empty for the default
    /// branch; never an option (`-…`), an absolute path, `..` or `//`.
    @discardableResult
    public static func committish(_ value: String, field: String = "committish") throws(InvalidField) -> String {
        guard !value.isEmpty else { return value }
        try characters(value, field: field, allowed: revisionCharacters, maximumLength: maximumRevisionLength)
        guard !value.hasPrefix("-"), !value.hasPrefix("/"), !value.contains(".."), !value.contains("//") else {
            throw InvalidField(field: field, reason: "\(quoted(value)) is not a branch, tag or commit name")
        }
        return value
    }

    /// A relative path inside a checkout (`subdirectory`, `spec`): empty for its top; no
    /// `.` or `..` component, no component that looks like an option.
    @discardableResult
    public static func relativePath(_ value: String, field: String = "subdirectory") throws(InvalidField) -> String {
        guard !value.isEmpty else { return value }
        try characters(value, field: field, allowed: revisionCharacters, maximumLength: maximumPathLength)
        let components = value.split(separator: "/", omittingEmptySubsequences: false)
        guard !value.hasPrefix("/"), components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix("-") }) else {
            throw InvalidField(field: field, reason: "expected a relative path without '.' or '..' components, found \(quoted(value))")
        }
        return value
    }

    /// A word that becomes one argument of a build command (`with_opts`, `without_opts`, a
    /// distribution name): letters, digits and `._+-`, not an option, not `.` or `..`.
    @discardableResult
    public static func token(_ value: String, field: String) throws(InvalidField) -> String {
        try characters(value, field: field, allowed: tokenCharacters, maximumLength: maximumRevisionLength)
        guard !value.isEmpty, !value.hasPrefix("-"), value != ".", value != ".." else {
            throw InvalidField(field: field, reason: "\(quoted(value)) must be a word that does not start with '-'")
        }
        return value
    }

    /// A package for the buildroot (`buildroot_pkgs`): a name, a capability such as
    /// `pkgconfig(zlib)` or a file path, never an option nor a path with a `..` component
    /// (which dnf would read as a local file).
    @discardableResult
    public static func buildrootPackage(_ value: String, field: String = "buildroot_pkgs") throws(InvalidField) -> String {
        try characters(value, field: field, allowed: packageCharacters, maximumLength: maximumRevisionLength)
        guard !value.hasPrefix("-") else {
            throw InvalidField(field: field, reason: "\(quoted(value)) looks like an option")
        }
        guard !value.split(separator: "/", omittingEmptySubsequences: false).contains("..") else {
            throw InvalidField(field: field, reason: "\(quoted(value)) has a '..' path component")
        }
        return value
    }

    /// One value of a repository of the build (`repos`: `id`, `baseurl`, `name`…), which
    /// becomes a line of the mock configuration: no control characters.
    @discardableResult
    public static func repositoryValue(_ value: String, field: String = "repos") throws(InvalidField) -> String {
        try noControlCharacters(value, field: field)
        return value
    }
}
