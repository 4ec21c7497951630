import CoprCore
import Foundation
import GRDB

/// The packages of projects, each change in one transaction.
extension FrontendStore {
    /// Adds a package to a project; ``InvalidField`` for a bad name or source,
    /// ``FrontendStoreError/packageExists(_:project:)`` when the project has one of that name.
    @discardableResult
    public func addPackage(owner: String, project name: String, _ definition: PackageDefinition) async throws -> Package {
        let definition = try definition.checked()
        let source = try Self.json(definition.source)
        return try await pool.write { db in
            let project = try Self.existingProject(db, owner: owner, name: name)
            guard try Self.package(db, projectID: project.id, name: definition.name) == nil else {
                throw FrontendStoreError.packageExists(definition.name, project: project.fullName)
            }
            try db.execute(
                sql: "INSERT INTO package (project_id, name, source, webhook_rebuild) VALUES (?, ?, ?, ?)",
                arguments: [project.id, definition.name, source, definition.webhookRebuild])
            return try Self.package(db, projectID: project.id, name: definition.name)!
        }
    }

    /// Replaces the source and flags of the package named in `definition`;
    /// ``FrontendStoreError/packageNotFound(_:project:)`` if the project has none of that name.
    @discardableResult
    public func editPackage(owner: String, project name: String, _ definition: PackageDefinition) async throws -> Package {
        let definition = try definition.checked()
        let source = try Self.json(definition.source)
        return try await pool.write { db in
            let project = try Self.existingProject(db, owner: owner, name: name)
            try db.execute(
                sql: "UPDATE package SET source = ?, webhook_rebuild = ? WHERE project_id = ? AND name = ?",
                arguments: [source, definition.webhookRebuild, project.id, definition.name])
            guard let package = try Self.package(db, projectID: project.id, name: definition.name), db.changesCount == 1 else {
                throw FrontendStoreError.packageNotFound(definition.name, project: project.fullName)
            }
            return package
        }
    }

    /// The packages of a project, by name.
    public func packages(owner: String, project name: String) async throws -> [Package] {
        try await pool.read { db in
            let project = try Self.existingProject(db, owner: owner, name: name)
            return try Package.fetchAll(db, sql: "SELECT * FROM package WHERE project_id = ? ORDER BY name", arguments: [project.id])
        }
    }

    /// One package; ``FrontendStoreError/packageNotFound(_:project:)`` if the project has none of that name.
    public func package(owner: String, project name: String, name packageName: String) async throws -> Package {
        try await pool.read { db in
            let project = try Self.existingProject(db, owner: owner, name: name)
            guard let package = try Self.package(db, projectID: project.id, name: packageName) else {
                throw FrontendStoreError.packageNotFound(packageName, project: project.fullName)
            }
            return package
        }
    }

    /// Forgets a package; its builds stay (deleting them is the caller's choice).
    public func deletePackage(owner: String, project name: String, name packageName: String) async throws {
        try await pool.write { db in
            let project = try Self.existingProject(db, owner: owner, name: name)
            try db.execute(sql: "DELETE FROM package WHERE project_id = ? AND name = ?", arguments: [project.id, packageName])
            guard db.changesCount == 1 else { throw FrontendStoreError.packageNotFound(packageName, project: project.fullName) }
        }
    }

    private static func existingProject(_ db: Database, owner: String, name: String) throws -> Project {
        guard let project = try project(db, owner: owner, name: name) else { throw FrontendStoreError.projectNotFound(owner: owner, name: name) }
        return project
    }

    private static func package(_ db: Database, projectID: Int, name: String) throws -> Package? {
        try Package.fetchOne(db, sql: "SELECT * FROM package WHERE project_id = ? AND name = ?", arguments: [projectID, name])
    }

    private static func json(_ source: BuildSource) throws -> String {
        String(decoding: try JSONEncoder().encode(source), as: UTF8.self)
    }
}
