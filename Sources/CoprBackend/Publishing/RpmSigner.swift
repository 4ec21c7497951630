import CoprCore
import Foundation
import Logging

/// Signs with rpmsign and GnuPG on this machine, for farms without obs-signd.
///
/// Each project gets its own key in `gpgHome`, created without a passphrase on first
/// use (the machine is the trust boundary, as it is for obs-signd).
public struct RpmSigner: Signer {
    public var gpgHome: String
    public var gentlySHA256: Bool
    private let runner: ProcessRunner
    private let logger: Logger

    public init(gpgHome: String, gentlySHA256: Bool, runner: ProcessRunner = ProcessRunner(), logger: Logger) {
        self.gpgHome = gpgHome
        self.gentlySHA256 = gentlySHA256
        self.runner = runner
        self.logger = logger
    }

    public func sign(rpms: [String], keyIdentity: SigningIdentity, chroot: String) async throws {
        guard !rpms.isEmpty else { return }
        try await ensureKey(keyIdentity)
        defer { stopAgent() }
        let hash = SignatureHash.forChroot(chroot, gentlySHA256: gentlySHA256)
        let output = try await runner.capture(
            "rpmsign",
            [
                "--addsign",
                "--define", "_gpg_name \(keyIdentity.email)",
                "--define", "_gpg_path \(gpgHome)",
                "--define", "__gpg /usr/bin/gpg",
                "--define", "_gpg_digest_algo \(hash)",
            ] + rpms,
            environment: ["GNUPGHOME": gpgHome],
            timeout: .seconds(600))
        guard output.exit.isSuccess else {
            throw PublishingError.signingFailed(
                "Rpm sign failed, affected rpms: \(rpms.map { ($0 as NSString).lastPathComponent }): \(output.standardError.prefix(300))")
        }
    }

    public func publicKey(_ keyIdentity: SigningIdentity) async throws -> String {
        try await ensureKey(keyIdentity)
        let output = try await gpg(["--armor", "--export", keyIdentity.email])
        guard output.exit.isSuccess, !output.standardOutput.isEmpty else {
            throw PublishingError.signingFailed("cannot export the key of \(keyIdentity.email): \(output.standardError.prefix(300))")
        }
        return output.standardOutput
    }

    private func ensureKey(_ identity: SigningIdentity) async throws {
        try FileManager.default.createDirectory(atPath: gpgHome, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if try await gpg(["--list-keys", identity.email]).exit.isSuccess { return }
        logger.info("Creating the signing key of \(identity.email)")
        let created = try await gpg([
            "--pinentry-mode", "loopback", "--passphrase", "",
            "--quick-gen-key", "\(identity.realName) <\(identity.email)>", "rsa2048", "sign", "never",
        ])
        guard created.exit.isSuccess else {
            throw PublishingError.keygenFailed("gpg could not create the key of \(identity.email): \(created.standardError.prefix(300))")
        }
    }

    private func gpg(_ arguments: [String]) async throws -> ProcessOutput {
        try await runner.capture("gpg", ["--batch", "--homedir", gpgHome] + arguments, timeout: .seconds(120))
    }

    /// rpmsign leaves a gpg-agent behind; stop it so builds leave no processes.
    private func stopAgent() {
        let home = gpgHome, runner = runner
        Task { _ = try? await runner.capture("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], timeout: .seconds(10)) }
    }
}
