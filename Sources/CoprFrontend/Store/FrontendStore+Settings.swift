import CoprCore
import GRDB

/// The settings of projects and of their chroots, and the projects whose time is up.
extension FrontendStore {
    /// The settings of `chroot` in a project, with the project; throws
    /// ``FrontendStoreError/projectNotFound(owner:name:)`` or
    /// ``FrontendStoreError/chrootsNotInProject(_:project:)``.
    public func chrootSettings(owner: String, name: String, chroot: String) async throws -> (Project, ChrootSettings) {
        try await pool.read { db in
            let project = try Self.project(db, owner: owner, name: name, enabling: chroot)
            return (project, try Self.chrootSettings(db, projectID: project.id, chroot: chroot))
        }
    }

    /// Applies `changes` to the settings of `chroot` in a project and returns them;
    /// ``InvalidField`` for a bad value (nothing is stored), otherwise the errors of
    /// ``chrootSettings(owner:name:chroot:)``.
    @discardableResult
    public func editChroot(owner: String, name: String, chroot: String, changes: ChrootSettingsChanges) async throws -> ChrootSettings {
        let changes = try changes.checked()
        return try await pool.write { db in
            let project = try Self.project(db, owner: owner, name: name, enabling: chroot)
            let settings = changes.applied(to: try Self.chrootSettings(db, projectID: project.id, chroot: chroot))
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO project_chroot
                        (project_id, chroot, additional_repos, buildroot_pkgs, with_opts, without_opts, isolation, bootstrap, bootstrap_image)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [project.id, chroot, Project.column(settings.additionalRepos), Project.column(settings.buildrootPackages),
                            Project.column(settings.withOpts), Project.column(settings.withoutOpts), settings.isolation,
                            settings.bootstrap, settings.bootstrapImage])
            return settings
        }
    }

    /// The projects ``ProjectExpiry`` finds expired at `now`.
    public func expiredProjects(now: Double) async throws -> [Project] {
        ProjectExpiry.expired(try await projects(), now: now)
    }

    static func saveSettings(_ db: Database, _ settings: ProjectSettings, projectID: Int64) throws {
        try db.execute(
            sql: """
                UPDATE project SET description = ?, instructions = ?, homepage = ?, contact = ?, additional_repos = ?,
                    runtime_dependencies = ?, enable_net = ?, delete_after = ? WHERE id = ?
                """,
            arguments: [settings.description, settings.instructions, settings.homepage, settings.contact,
                        Project.column(settings.additionalRepos), Project.column(settings.runtimeDependencies),
                        settings.enableNet, settings.deleteAfter, projectID])
    }

    static func chrootSettings(_ db: Database, projectID: Int, chroot: String) throws -> ChrootSettings {
        var settings = ChrootSettings()
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM project_chroot WHERE project_id = ? AND chroot = ?", arguments: [projectID, chroot])
        else { return settings }
        settings.additionalRepos = try Project.strings(row["additional_repos"])
        settings.buildrootPackages = try Project.strings(row["buildroot_pkgs"])
        settings.withOpts = try Project.strings(row["with_opts"])
        settings.withoutOpts = try Project.strings(row["without_opts"])
        settings.isolation = row["isolation"]
        settings.bootstrap = row["bootstrap"]
        settings.bootstrapImage = row["bootstrap_image"]
        return settings
    }

    private static func project(_ db: Database, owner: String, name: String, enabling chroot: String) throws -> Project {
        guard let project = try project(db, owner: owner, name: name) else {
            throw FrontendStoreError.projectNotFound(owner: owner, name: name)
        }
        guard project.chroots.contains(chroot) else { throw FrontendStoreError.chrootsNotInProject([chroot], project: project.fullName) }
        return project
    }
}
