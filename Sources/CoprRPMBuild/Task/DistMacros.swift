import CoprCore

/// The rpm macros that stand in for a chroot's distribution when building without mock:
/// `%dist` (e.g. `.fc41`, `.el9`) and the version macro (`%fedora`, `%rhel`, `%mageia`)
/// that spec conditionals test.
public struct DistMacros: Sendable, Equatable {
    /// Macro name → value, e.g. `["dist": ".fc41", "fedora": "41"]`.
    public let defines: [String: String]

    /// Derives the macros from a distribution and release (`fedora`, `41`); `rawhide` maps
    /// to `rawhideRelease`. Unknown distributions get no macros, so `%{?dist}` stays empty.
    public init(distro: String, version: String, rawhideRelease: String) {
        let release = version == "rawhide" ? rawhideRelease : version
        let major = release.split(separator: ".").first.map(String.init) ?? release
        switch distro {
        case "fedora":
            defines = ["dist": ".fc\(major)", "fedora": major]
        case "epel", "centos-stream", "centos", "rhel", "almalinux", "rocky", "oraclelinux", "alma", "rhel-ubi":
            defines = ["dist": ".el\(major)", "rhel": major]
        case "mageia":
            defines = ["dist": ".mga\(major)", "mageia": major]
        default:
            defines = [:]
        }
    }

    /// The macros for a chroot name such as `fedora-41-x86_64`.
    public init(chroot: Chroot, rawhideRelease: String) {
        self.init(distro: chroot.distro, version: chroot.version, rawhideRelease: rawhideRelease)
    }

    /// `--define "name value"` arguments for rpmbuild and rpmspec, in a stable order.
    public var arguments: [String] {
        defines.keys.sorted().flatMap { ["--define", "\($0) \(defines[$0]!)"] }
    }
}
