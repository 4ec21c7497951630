/// A mock chroot name `<distro>-<version>-<arch>` (e.g. `fedora-41-x86_64`,
/// `centos-stream-9-aarch64`), split from the right as upstream's `BuildJob` does.
public struct Chroot: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let distro: String
    public let version: String
    public let arch: String

    /// Parses a chroot name; nil when it has fewer than three dash-separated parts.
    public init?(_ name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.name = name
        arch = String(parts[parts.count - 1])
        version = String(parts[parts.count - 2])
        distro = parts[..<(parts.count - 2)].joined(separator: "-")
    }

    public var description: String { name }
}
