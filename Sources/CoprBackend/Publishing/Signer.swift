/// Signs a project's RPMs and exports its public key.
///
/// One key per project, identified by `<owner>#<project>@copr.<sign_domain>`; a key
/// that does not exist yet is created on first use.
public protocol Signer: Sendable {
    /// Signs every file in place; throws `PublishingError.signingFailed` naming the
    /// files that could not be signed.
    func sign(rpms: [String], keyIdentity: SigningIdentity, chroot: String) async throws
    /// The ASCII-armoured public key, for `<project dir>/pubkey.gpg`.
    func publicKey(_ keyIdentity: SigningIdentity) async throws -> String
}

/// Who a project's key belongs to.
public struct SigningIdentity: Sendable, Equatable {
    public var owner: String
    public var project: String
    public var domain: String

    public init(owner: String, project: String, domain: String) {
        self.owner = owner
        self.project = project
        self.domain = domain
    }

    /// `<owner>#<project>@copr.<domain>`; group owners keep their `@`.
    public var email: String { "\(owner)#\(project)@copr.\(domain)" }
    /// The key's real name for the keygen service: `<owner>_<project>`.
    public var realName: String { "\(owner)_\(project)" }
}

/// The signature hash for a chroot.
public enum SignatureHash {
    public static func forChroot(_ chroot: String, gentlySHA256: Bool) -> String {
        let parts = chroot.split(separator: "-").map(String.init)
        guard parts.count >= 2 else { return "sha256" }
        let distro = parts[0], version = parts[1]
        let elFamily = ["rhel", "epel", "centos", "oraclelinux"].contains(distro)
        let number = Int(version.prefix { $0.isNumber })
        if gentlySHA256 {
            if version == "rawhide" { return "sha256" }
            if elFamily, let number, number > 7 { return "sha256" }
            return "sha1"
        }
        if elFamily, let number, number <= 4 { return "sha1" }
        if distro == "fedora", let number, number < 27 { return "sha1" }
        return "sha256"
    }
}
