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

extension FrontendStore {
    /// Gives project `owner`/`name` a new random webhook secret, so that the old URLs stop
    /// working; returns the project. ``FrontendStoreError/projectNotFound(owner:name:)``
    /// for an unknown one.
    public func newWebhookSecret(owner: String, name: String) async throws -> Project {
        try await pool.write { db in
            guard let project = try Self.project(db, owner: owner, name: name) else {
                throw FrontendStoreError.projectNotFound(owner: owner, name: name)
            }
            try db.execute(sql: "UPDATE project SET webhook_secret = ? WHERE id = ?", arguments: [WebhookSecret.generate(), project.id])
            return try Project.fetchOne(db, key: project.id)!
        }
    }
}
