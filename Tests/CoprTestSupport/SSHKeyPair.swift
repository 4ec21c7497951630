import Foundation

/// A throwaway ed25519 key pair made with `ssh-keygen`, used both as the farm's client
/// identity and as each test host's host key.
public struct SSHKeyPair: Sendable {
    /// Path of the private key; the public key is next to it with a `.pub` suffix.
    public let privateKeyPath: String
    /// The public key line (`ssh-ed25519 AAAA... comment`).
    public let publicKey: String
    /// The SHA256 fingerprint as printed by `ssh-keygen -l` (e.g. `SHA256:abc...`).
    public let fingerprint: String

    /// Path of the public key file.
    public var publicKeyPath: String { privateKeyPath + ".pub" }

    /// Generates a new key pair at `path`, replacing any previous one.
    public static func generate(at path: String, comment: String) async throws -> SSHKeyPair {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".pub")
        try await Shell.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path])
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let listing = try await Shell.check("ssh-keygen", ["-l", "-f", path + ".pub"]).output
        let fields = listing.split(separator: " ")
        guard fields.count > 1 else {
            throw TestSupportError.commandFailed(command: "ssh-keygen -l -f \(path).pub", status: 0, output: listing)
        }
        return SSHKeyPair(privateKeyPath: path, publicKey: publicKey, fingerprint: String(fields[1]))
    }
}
