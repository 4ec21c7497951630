/// One user as `copr-backend user list` shows it.
public struct UserSummary: Sendable, Equatable {
    /// The user with its site-admin flag and groups.
    public let account: Account
    /// UNIX time the user was added.
    public let createdOn: Double
    /// Tokens neither expired nor revoked.
    public let validTokens: Int
}
