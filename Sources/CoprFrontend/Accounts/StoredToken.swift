import Crypto
import Foundation

/// A token as the store keeps it: whose it is, the SHA-256 of its secret, when it expires
/// and when it was revoked. ``verify(secret:now:)`` is the one decision on a presented
/// secret, without I/O.
public struct StoredToken: Sendable, Equatable {
    /// The login name of the token's user.
    public let login: String
    public let secretHash: Data
    public let expiresOn: Double
    public let revokedOn: Double?

    public init(login: String, secretHash: Data, expiresOn: Double, revokedOn: Double?) {
        self.login = login
        self.secretHash = secretHash
        self.expiresOn = expiresOn
        self.revokedOn = revokedOn
    }

    /// The token's user if `secret` is this token's and the token is still valid at `now`.
    /// The hashes are compared in constant time, so the answer's timing tells nothing of
    /// how much of a guessed secret was right; the secret is checked before the dates, so
    /// only its holder learns that a token expired or was revoked.
    public func verify(secret: String, now: Double) -> Result<String, TokenRefused> {
        guard ConstantTime.equal(APIToken.hash(secret), secretHash) else { return .failure(.wrongSecret) }
        if let revokedOn { return .failure(.revoked(on: revokedOn)) }
        if expiresOn <= now { return .failure(.expired(on: expiresOn)) }
        return .success(login)
    }
}
