import Foundation

/// What the frontend accepts in names, chroots, URLs and versions. Every value comes
/// from a user or over HTTP and later becomes a path in the results tree, a builder
/// command argument or a URL a builder fetches, so each is checked against a short list
/// of characters and a length limit before it is stored.
public enum InputRules {
    public static let maximumNameLength = 100
    public static let maximumURLLength = 2048
    public static let maximumChroots = 100

    /// A user or group (`@name`) owning projects.
    public static func owner(_ value: String, field: String = "owner") throws(InvalidInput) -> String {
        let body = value.hasPrefix("@") ? String(value.dropFirst()) : value
        try name(body, field: field, extra: [])
        return value
    }

    /// A user name submitting builds.
    public static func user(_ value: String, field: String = "submitter") throws(InvalidInput) -> String {
        try name(value, field: field, extra: [])
    }

    /// A project name: letters, digits and `-_.+`.
    public static func projectName(_ value: String, field: String = "project") throws(InvalidInput) -> String {
        try name(value, field: field, extra: ["+"])
    }

    /// The architectures of Copr's mock chroots.
    public static let chrootArchitectures: Set<String> = ["x86_64", "i386", "i686", "aarch64", "armhfp", "ppc64le", "ppc64", "s390x", "riscv64"]

    /// A mock chroot `<distro>-<version>-<arch>` (`fedora-41-x86_64`,
    /// `centos-stream+epel-next-9-x86_64`) of a known architecture. `srpm-builds` names
    /// the directory of source builds and is no distribution.
    public static func chroot(_ value: String, field: String = "chroot") throws(InvalidInput) -> String {
        try name(value, field: field, extra: ["+"])
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw InvalidInput(field: field, reason: "expected <distro>-<version>-<arch>, found \(quoted(value))")
        }
        guard let arch = parts.last, chrootArchitectures.contains(String(arch)) else {
            throw InvalidInput(
                field: field,
                reason: "\(quoted(value)) ends in an unknown architecture; expected one of \(chrootArchitectures.sorted().joined(separator: ", "))")
        }
        guard !value.hasPrefix("srpm-builds") else {
            throw InvalidInput(field: field, reason: "\(quoted(value)) is no distribution: srpm-builds holds the source builds")
        }
        return value
    }

    /// The chroots of a project or a submission: at least one, each valid, no duplicate.
    public static func chroots(_ values: [String], field: String = "chroots") throws(InvalidInput) -> [String] {
        guard !values.isEmpty else { throw InvalidInput(field: field, reason: "at least one chroot is needed") }
        guard values.count <= maximumChroots else {
            throw InvalidInput(field: field, reason: "\(values.count) chroots given, at most \(maximumChroots) are accepted")
        }
        var seen = Set<String>()
        for value in values {
            _ = try chroot(value, field: field)
            guard seen.insert(value).inserted else {
                throw InvalidInput(field: field, reason: "\(quoted(value)) is given twice")
            }
        }
        return values
    }

    /// A positive build number as text.
    public static func buildID(_ text: String, field: String = "build_id") throws(InvalidInput) -> Int {
        guard let number = Int(text), number > 0, number < 10_000_000_000 else {
            throw InvalidInput(field: field, reason: "expected a positive build number, found \(quoted(text))")
        }
        return number
    }

    /// An `http` or `https` URL with a host, without spaces or control characters; with
    /// `suffixes`, its path must end with one of them (`.src.rpm`, `.spec`).
    public static func webURL(_ value: String, field: String, suffixes: [String] = []) throws(InvalidInput) -> String {
        guard value.count <= maximumURLLength else {
            throw InvalidInput(field: field, reason: "the URL is \(value.count) characters long, at most \(maximumURLLength) are accepted")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              let url = URLComponents(string: value), let scheme = url.scheme?.lowercased()
        else {
            throw InvalidInput(field: field, reason: "\(quoted(value)) is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw InvalidInput(field: field, reason: "the URL scheme '\(scheme)' is not allowed, only http and https are")
        }
        guard let host = url.host, !host.isEmpty else {
            throw InvalidInput(field: field, reason: "the URL \(quoted(value)) has no host")
        }
        let path = url.path.lowercased()
        guard suffixes.isEmpty || suffixes.contains(where: { path.hasSuffix($0) }) else {
            throw InvalidInput(field: field, reason: "the URL path must end with \(suffixes.joined(separator: " or ")), found \(quoted(value))")
        }
        return value
    }

    /// A git branch, tag or commit: empty for the default branch.
    public static func committish(_ value: String, field: String = "committish") throws(InvalidInput) -> String {
        guard !value.isEmpty else { return value }
        try characters(value, field: field, extra: ["-", "_", ".", "/"], maximumLength: 200)
        guard !value.hasPrefix("-"), !value.hasPrefix("/"), !value.contains(".."), !value.contains("//") else {
            throw InvalidInput(field: field, reason: "\(quoted(value)) is not a branch, tag or commit name")
        }
        return value
    }

    /// A relative directory inside a repository: empty for its top.
    public static func subdirectory(_ value: String, field: String = "subdirectory") throws(InvalidInput) -> String {
        guard !value.isEmpty else { return value }
        try characters(value, field: field, extra: ["-", "_", ".", "/", "+"], maximumLength: 500)
        let components = value.split(separator: "/", omittingEmptySubsequences: false)
        guard !value.hasPrefix("/"), components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix("-") }) else {
            throw InvalidInput(field: field, reason: "expected a relative path without '.' or '..' components, found \(quoted(value))")
        }
        return value
    }

    /// An upload as the frontend names it: `<UUID>/<file name>`, the UUID in the lower case
    /// the frontend writes, the file name one that ``uploadFileName(_:field:)`` accepts.
    public static func uploadName(_ value: String, field: String = "upload") throws(InvalidInput) -> String {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, UUID(uuidString: String(parts[0]))?.uuidString.lowercased() == String(parts[0]) else {
            throw InvalidInput(field: field, reason: "expected <UUID>/<file name>, found \(quoted(value))")
        }
        _ = try uploadFileName(String(parts[1]), field: field)
        return value
    }

    /// The name of an uploaded source: one plain file name ending with `.src.rpm` (an
    /// SRPM) or `.spec` (a spec file). It becomes a path below the upload directory and
    /// part of the URL the builder downloads, so only characters that need no escaping in
    /// a URL path are accepted (no `^`).
    public static func uploadFileName(_ value: String, field: String = "filename") throws(InvalidInput) -> String {
        guard value.hasSuffix(".src.rpm") || value.hasSuffix(".spec") else {
            throw InvalidInput(field: field, reason: "expected a file name ending with .src.rpm or .spec, found \(quoted(value))")
        }
        return try name(value, field: field, extra: ["+", "~"], maximumLength: 200)
    }

    /// A package name as the SRPM tells it.
    public static func packageName(_ value: String, field: String = "pkg_name") throws(InvalidInput) -> String {
        try name(value, field: field, extra: ["+"])
    }

    /// A package version `[epoch:]version[-release]`.
    public static func packageVersion(_ value: String, field: String = "pkg_version") throws(InvalidInput) -> String {
        try characters(value, field: field, extra: ["-", "_", ".", "+", "~", "^", ":"], maximumLength: maximumNameLength)
    }

    /// A result directory name (`00000012-hello`): one path component.
    public static func resultDir(_ value: String, field: String = "result_dir") throws(InvalidInput) -> String {
        try name(value, field: field, extra: ["+", "~", "^"], maximumLength: 200)
    }

    /// A timeout in seconds: between one second and 30 days.
    public static func timeout(_ value: Int, field: String = "timeout") throws(InvalidInput) -> Int {
        guard (1...30 * 86400).contains(value) else {
            throw InvalidInput(field: field, reason: "expected seconds between 1 and 2592000, found \(value)")
        }
        return value
    }

    /// A value shown in a message: cut after 60 characters, control characters escaped.
    public static func quoted(_ value: String) -> String {
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        let escaped = shown.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return "'" + escaped.joined() + "'"
    }

    /// One path component: starts with a letter or digit, then letters, digits, `-_.`
    /// and `extra`; no `..`; not longer than `maximumLength`.
    @discardableResult
    private static func name(
        _ value: String, field: String, extra: Set<Character>, maximumLength: Int = maximumNameLength
    ) throws(InvalidInput) -> String {
        guard let first = value.first else { throw InvalidInput(field: field, reason: "it is empty") }
        try characters(value, field: field, extra: extra.union(["-", "_", "."]), maximumLength: maximumLength)
        guard first.isLetter || first.isNumber else {
            throw InvalidInput(field: field, reason: "it must start with a letter or digit, found \(quoted(value))")
        }
        guard !value.contains("..") else { throw InvalidInput(field: field, reason: "it contains '..': \(quoted(value))") }
        return value
    }

    /// ASCII letters, digits and `allowed` only, at most `maximumLength` characters.
    @discardableResult
    private static func characters(
        _ value: String, field: String, extra allowed: Set<Character>, maximumLength: Int
    ) throws(InvalidInput) -> String {
        guard value.count <= maximumLength else {
            throw InvalidInput(field: field, reason: "it is \(value.count) characters long, at most \(maximumLength) are accepted")
        }
        if let bad = value.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !allowed.contains($0) }) {
            throw InvalidInput(field: field, reason: "character \(quoted(String(bad))) is not allowed in \(quoted(value))")
        }
        return value
    }
}
