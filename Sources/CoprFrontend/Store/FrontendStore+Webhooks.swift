import GRDB

extension FrontendStore {
    /// The project numbered `id` and its packages when `secret` is its webhook secret
    /// (compared in constant time); nil for an unknown project and a wrong secret alike,
    /// so that a webhook URL tells nothing of which projects exist.
    public func webhookProject(id: Int, secret: String) async throws -> (project: Project, packages: [Package])? {
        try await pool.read { db in
            guard let project = try Project.fetchOne(db, key: id), !project.webhookSecret.isEmpty,
                WebhookSecret.matches(secret, project.webhookSecret)
            else { return nil }
            let packages = try Package.fetchAll(db, sql: "SELECT * FROM package WHERE project_id = ? ORDER BY name", arguments: [project.id])
            return (project, packages)
        }
    }
}
