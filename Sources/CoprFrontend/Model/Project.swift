import Foundation
import GRDB

/// A project (upstream's Copr): where builds go, which chroots they are built for,
/// whether their packages are signed, and its ``ProjectSettings``.
public struct Project: Sendable, Equatable, FetchableRecord, TableRecord {
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
    public let settings: ProjectSettings
    /// The credential of its webhook URLs (``WebhookSecret``); only those who may edit
    /// the project are shown it.
    public let webhookSecret: String

    /// `<owner>/<name>`, as users and the results tree spell it.
    public var fullName: String { "\(owner)/\(name)" }

    public static let databaseTableName = "project"

    public init(row: Row) throws {
        id = row["id"]
        owner = row["owner"]
        name = row["name"]
        chroots = try Self.strings(row["chroots"])
        signingEnabled = row["signing_enabled"]
        createdOn = row["created_on"]
        var settings = ProjectSettings()
        settings.description = row["description"]
        settings.instructions = row["instructions"]
        settings.homepage = row["homepage"]
        settings.contact = row["contact"]
        settings.additionalRepos = try Self.strings(row["additional_repos"])
        settings.runtimeDependencies = try Self.strings(row["runtime_dependencies"])
        settings.enableNet = row["enable_net"]
        settings.deleteAfter = row["delete_after"]
        self.settings = settings
        webhookSecret = row["webhook_secret"]
    }

    /// A list column: a JSON array of strings.
    static func strings(_ json: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// A list as its column holds it.
    static func column(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
