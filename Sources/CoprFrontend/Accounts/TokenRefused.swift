import Foundation

/// Why a request's credentials were refused (401), saying which of them was wrong and
/// what to do.
public enum TokenRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Authorization header is not HTTP Basic `login:token`.
    case malformed
    /// No token has this public id (copr-cli's `login`).
    case unknownLogin
    /// The id exists, the secret (copr-cli's `token`) is not its.
    case wrongSecret
    case expired(on: Double)
    case revoked(on: Double)

    public var description: String {
        switch self {
        case .malformed:
            "The Authorization header is not HTTP Basic login:token; send the login and token of your copr-cli configuration"
        case .unknownLogin:
            "Wrong API token: no token has this login; ask an operator for a new one (copr-backend user token)"
        case .wrongSecret:
            "Wrong API token: the token does not match its login; use the login and token of one configuration file together"
        case .expired(let on):
            "API token expired on \(Self.date(on)); ask an operator for a new one (copr-backend user token)"
        case .revoked(let on):
            "API token was revoked on \(Self.date(on)); ask an operator for a new one (copr-backend user token)"
        }
    }

    private static func date(_ seconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }
}
