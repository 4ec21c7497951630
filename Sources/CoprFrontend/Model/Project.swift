import GRDB

/// A project (upstream's Copr): where builds go, which chroots they are built for, and
/// whether their packages are signed.
public struct Project: Sendable, Equatable, Decodable, FetchableRecord, TableRecord {
    /// The row id builds refer to; users name a project by owner and name.
    public let id: Int
    /// The owner: a user name, or `@group`.
    public let owner: String
    public let name: String
    /// The chroots every new build is built for, unless the submission picks fewer.
    public let chroots: [String]
    /// Whether the packages of its builds are signed with the project key.
    public let signingEnabled: Bool
    /// UNIX time of the creation.
    public let createdOn: Double

    /// `<owner>/<name>`, as users and the results tree spell it.
    public var fullName: String { "\(owner)/\(name)" }

    public static let databaseTableName = "project"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
}
