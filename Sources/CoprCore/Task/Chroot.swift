/// A mock chroot `<distro>-<version>-<arch>` (`fedora-41-x86_64`,
/// `centos-stream+epel-next-9-x86_64`), split from the right as upstream's backend splits
/// it, of one of the architectures of Copr's mock chroots.
///
/// Made only by its checking initializer, so that a `Chroot` is always a name the
/// frontend, the backend and the agent all accept.
public struct Chroot: Sendable, Hashable, CustomStringConvertible {
    /// The architectures of Copr's mock chroots; a chroot must end in one.
    public static let architectures: Set<String> = [
        "x86_64", "i386", "i686", "aarch64", "armhfp", "ppc64le", "ppc64", "s390x", "riscv64",
    ]
    private static let characters = ASCIISet("+")

    /// The whole name.
    public let name: String

    /// Checks `name`: a name of letters, digits and `-_.+` with at least three non-empty
    /// dash-separated parts, ending in a known architecture, and not `srpm-builds…`
    /// (the directory of source builds is no distribution).
    public init(_ name: String, field: String = "chroot") throws(InvalidField) {
        try TaskRules.name(name, field: field, extra: Self.characters, maximumLength: TaskRules.maximumNameLength)
        let dash = UInt8(ascii: "-")
        let threeParts = TaskRules.bytes(of: name) { bytes in
            // The name rule let only a letter or digit begin the name: the first part is not empty.
            var dashes = 0, previous = dash
            for byte in bytes {
                if byte == dash {
                    guard previous != dash else { return false }
                    dashes += 1
                }
                previous = byte
            }
            return dashes >= 2 && previous != dash
        }
        guard threeParts else {
            throw InvalidField(field: field, reason: "expected <distro>-<version>-<arch>, found \(TaskRules.quoted(name))")
        }
        let arch = name.utf8[name.utf8.index(after: name.utf8.lastIndex(of: dash)!)...]
        guard Self.architectures.contains(String(decoding: arch, as: UTF8.self)) else {
            let known = Self.architectures.sorted().joined(separator: ", ")
            throw InvalidField(field: field, reason: "\(TaskRules.quoted(name)) ends in an unknown architecture; expected one of \(known)")
        }
        guard name.utf8.first != UInt8(ascii: "s") || !name.hasPrefix(TaskID.sourceBuildsChroot) else {
            throw InvalidField(
                field: field, reason: "\(TaskRules.quoted(name)) is no distribution: \(TaskID.sourceBuildsChroot) holds the source builds")
        }
        self.name = name
    }

    /// The last part: `x86_64`.
    public var arch: String { String(name.utf8[name.utf8.index(after: lastDash)...])! }

    /// The part before the arch: `41`, `rawhide`.
    public var version: String { String(name.utf8[name.utf8.index(after: versionDash)..<lastDash])! }

    /// Everything before the version: `fedora`, `centos-stream+epel-next`.
    public var distro: String { String(name.utf8[..<versionDash])! }

    /// `<distro>-<version>`: the distribution release, as `distributions_in_build` lists it.
    public var release: String { String(name.utf8[..<lastDash])! }

    public var description: String { name }

    // The initializer found three parts, so both dashes exist; the name is ASCII, so every
    // UTF-8 index is a character boundary.
    private var lastDash: String.Index { name.utf8.lastIndex(of: UInt8(ascii: "-"))! }
    private var versionDash: String.Index { name.utf8[..<lastDash].lastIndex(of: UInt8(ascii: "-"))! }
}
