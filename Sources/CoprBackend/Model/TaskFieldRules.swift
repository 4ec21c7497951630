/// A task field the backend refuses to act on, with the reason in words an operator
/// understands. The task fails; nothing is written for it outside destdir.
public struct HostileTaskField: Error, CustomStringConvertible, Sendable {
    public var field: String
    public var reason: String
    public var description: String { "Task field '\(field)' is not acceptable: \(reason)" }
}

/// What the backend accepts in the task fields that become paths, command arguments
/// or resalloc tags. Every value from the frontend is treated as hostile: these rules
/// keep path components inside destdir and shell metacharacters out of commands.
enum TaskFieldRules {
    static let maximumNameLength = 100

    /// A single path component made of `allowed` characters: not empty, not `.`/`..`,
    /// no `..` inside, no leading dot or dash, no longer than `maximumLength`.
    static func pathComponent(
        _ value: String, field: String, extra allowed: Set<Character> = [], maximumLength: Int = maximumNameLength,
        allowLeadingAt: Bool = false
    ) throws -> String {
        try printable(value, field: field, maximumLength: maximumLength)
        var body = Substring(value)
        if allowLeadingAt, body.first == "@" { body = body.dropFirst() }
        guard let first = body.first else { throw HostileTaskField(field: field, reason: "it is empty") }
        guard first.isASCII, first.isLetter || first.isNumber else {
            throw HostileTaskField(field: field, reason: "it must start with a letter or digit, found \(quoted(value))")
        }
        guard !value.contains("..") else {
            throw HostileTaskField(field: field, reason: "it contains '..': \(quoted(value))")
        }
        if let bad = body.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !"-_.".contains($0) && !allowed.contains($0) }) {
            throw HostileTaskField(field: field, reason: "character \(quoted(String(bad))) is not allowed in \(quoted(value))")
        }
        return value
    }

    /// Free text that never becomes a path (sandbox, submitter, versions): printable,
    /// bounded, no control characters.
    @discardableResult
    static func printable(_ value: String, field: String, maximumLength: Int = maximumNameLength) throws -> String {
        guard value.count <= maximumLength else {
            throw HostileTaskField(field: field, reason: "it is \(value.count) characters long, at most \(maximumLength) are accepted")
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw HostileTaskField(field: field, reason: "it contains control characters")
        }
        return value
    }

    /// A mock chroot name `<distro>-<version>-<arch>`.
    static func chroot(_ value: String) throws -> String {
        let chroot = try pathComponent(value, field: "chroot")
        guard chroot.split(separator: "-", omittingEmptySubsequences: false).count >= 3 else {
            throw HostileTaskField(field: "chroot", reason: "expected <distro>-<version>-<arch>, found \(quoted(value))")
        }
        return chroot
    }

    static func quoted(_ value: String) -> String {
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        return "'" + shown.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "'"
    }
}
