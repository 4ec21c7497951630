import CoprCore
import Foundation
import GRDB

/// A named package of a project (Copr's package): the source its builds come from by
/// default, so that `build-package` needs only its name, and whether a push to that source
/// should rebuild it (`webhook_rebuild`, kept for the webhooks that use it).
public struct Package: Sendable, Equatable {
    /// The row id; users name a package by project and name.
    public let id: Int
    public let projectID: Int
    public let name: String
    /// The default source: a git repository packed by rpkg (Copr's "scm").
    public let source: BuildSource
    /// Copr's `webhook_rebuild` (answered as `auto_rebuild`).
    public let webhookRebuild: Bool

    /// A package as the store keeps it (the store makes them from rows; decisions such as
    /// ``WebhookMatch`` are tested with them made here).
    public init(id: Int, projectID: Int, name: String, source: BuildSource, webhookRebuild: Bool) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.source = source
        self.webhookRebuild = webhookRebuild
    }
}

extension Package: FetchableRecord {
    public init(row: Row) throws {
        id = row["id"]
        projectID = row["project_id"]
        name = row["name"]
        source = try JSONDecoder().decode(BuildSource.self, from: Data((row["source"] as String).utf8))
        webhookRebuild = row["webhook_rebuild"]
    }
}
