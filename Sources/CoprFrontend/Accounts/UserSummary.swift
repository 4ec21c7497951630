/// One user as `copr-backend user list` shows it.
public struct UserSummary: Sendable, Equatable {
    public let account: Account
    /// UNIX time the user was added.
    public let createdOn: Double
    /// Tokens neither expired nor revoked.
    public let validTokens: Int
}
