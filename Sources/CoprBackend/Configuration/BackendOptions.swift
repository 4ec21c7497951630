/// The `[backend]` section: where results go, how to reach the frontend, publishing.
public struct BackendOptions: Sendable {
    public enum Signer: String, Sendable {
        /// Copr's obs-signd client (`/bin/sign`) plus the keygen service.
        case obsSign = "obs-sign"
        /// rpmsign and gpg on this machine, one key per project.
        case rpmsign
    }

    /// Root of the public results tree (required).
    public var destdir: String
    public var resultsBaseURL: String = "http://copr-be"
    public var frontendBaseURL: String = "http://copr-fe"
    public var frontendAuth: String = "PASSWORDHERE"
    public var buildUser: String = "mockbuilder"
    public var logDir: String = "/var/log/copr-backend"
    public var logLevel: String = "info"
    /// Worker state kept outside the results tree (pinned host keys, SSH sockets, locks).
    public var stateDir: String = "/var/lib/copr-backend"
    public var createrepoCommand: String = "createrepo_c"
    public var doSign: Bool = false
    public var signer: Signer = .obsSign
    public var signCommand: String = "/bin/sign"
    public var keygenHost: String = "copr-keygen.cloud.fedoraproject.org"
    public var signDomain: String = "fedorahosted.org"
    public var gentlyGpgSha256: Bool = true
    /// GnuPG home of the rpmsign signer.
    public var gpgHome: String?

    public init(destdir: String) {
        self.destdir = destdir
    }
}
