import Crypto
import Foundation

/// An API token as its user holds it: a public id, which copr-cli's configuration calls
/// `login`, and a secret, `token`. Both are random; the store keeps the id and the
/// SHA-256 of the secret only, so a copy of the store gives no working token.
///
/// ```swift
/// let token = APIToken.generate(expiresOn: now + 180 * 86400)
/// let stored = StoredToken(login: "alice", secretHash: APIToken.hash(token.secret), expiresOn: token.expiresOn, revokedOn: nil)
/// stored.verify(secret: token.secret, now: now)   // .success("alice")
/// ```
public struct APIToken: Sendable, Equatable {
    /// The public id (copr-cli's `login`): 24 lowercase letters and digits.
    public let id: String
    /// The secret (copr-cli's `token`): 40 lowercase letters and digits, about 206 bits.
    public let secret: String
    /// UNIX time after which the token is refused.
    public let expiresOn: Double

    public init(id: String, secret: String, expiresOn: Double) {
        self.id = id
        self.secret = secret
        self.expiresOn = expiresOn
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A new token from the system's cryptographically secure generator.
    public static func generate(expiresOn: Double) -> APIToken {
        var random = SystemRandomNumberGenerator()
        func word(_ count: Int) -> String {
            String((0..<count).map { _ in alphabet.randomElement(using: &random)! })
        }
        return APIToken(id: word(24), secret: word(40), expiresOn: expiresOn)
    }

    /// The SHA-256 of `secret`, as the store keeps it.
    public static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }
}
