import Crypto
import Foundation

/// A project's webhook secret (Copr's `webhook_secret`): a random UUID made when the
/// project is, that webhook URLs carry as their credential and forges sign payloads with.
public enum WebhookSecret {
    /// A new secret: a random (version 4) UUID, as Copr's.
    public static func generate() -> String {
        UUID().uuidString.lowercased()
    }

    /// Whether `presented` is `secret`, compared in constant time.
    static func matches(_ presented: String, _ secret: String) -> Bool {
        ConstantTime.equal(Array(presented.utf8), Array(secret.utf8))
    }

    /// Whether `signature` is the HMAC-SHA256 of `body` keyed with `secret`, as hex
    /// digits, optionally after `sha256=` (GitHub's `X-Hub-Signature-256`; Gitea's and
    /// Forgejo's `X-Gitea-Signature`, `X-Forgejo-Signature`). Checked in constant time.
    static func signatureIsValid(_ signature: String, body: some DataProtocol, secret: String) -> Bool {
        let hex = signature.hasPrefix("sha256=") ? signature.dropFirst(7) : Substring(signature)
        guard let code = bytes(hex: hex) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * SHA256.byteCount else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
