import CoprCore
import Foundation
import GRDB

/// The reads of the web pages: bounded pages of lists and the latest build of each
/// package per chroot, each one indexed query, so that a page costs the same with ten
/// builds as with ten thousand.
extension FrontendStore {
    /// Some of the newest builds of every project, newest first.
    public func recentBuilds(limit: Int) async throws -> [BuildOverview] {
        try await pool.read { db in
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM build ORDER BY id DESC LIMIT ?", arguments: [limit])
            return try Self.overviews(db, ids: ids)
        }
    }

    /// The projects whose owner or name contains `text` (every project when nil or
    /// empty), by owner and name, one page of them.
    public func projects(matching text: String?, page: PageRequest) async throws -> ListPage<Project> {
        let pattern = text.flatMap { $0.isEmpty ? nil : "%\(Self.likeEscaped($0))%" }
        return try await pool.read { db in
            let filter = pattern == nil ? "" : "WHERE owner LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'"
            let arguments: StatementArguments = pattern.map { [$0, $0] } ?? []
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM project \(filter)", arguments: arguments) ?? 0
            let projects = try Project.fetchAll(
                db, sql: "SELECT * FROM project \(filter) ORDER BY owner, name LIMIT ? OFFSET ?",
                arguments: arguments + [page.size, page.offset])
            return ListPage(items: projects, total: total, request: page)
        }
    }

    /// One page of a project's builds, newest first, only those in `state` when given
    /// (the build's state as ``BuildOverview/state`` derives it).
    public func builds(of project: Project, state: BuildStatus?, page: PageRequest) async throws -> ListPage<BuildOverview> {
        try await pool.read { db in
            var filter = "project_id = ?"
            var arguments: StatementArguments = [project.id]
            if let state {
                let condition = Self.buildsInState(state)
                filter += " AND \(condition.sql)"
                arguments += condition.arguments
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM build WHERE \(filter)", arguments: arguments) ?? 0
            let ids = try Int.fetchAll(
                db, sql: "SELECT id FROM build WHERE \(filter) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [page.size, page.offset])
            return ListPage(items: try Self.overviews(db, ids: ids, project: project), total: total, request: page)
        }
    }

    /// One page of a project's packages by name (those built and those defined without a
    /// build yet), each with its newest build in each of the project's chroots: what
    /// Copr's monitor shows. An item is one package's cells; a package without a build is
    /// one cell without a chroot. For each package and chroot it walks that package's
    /// builds newest first (index `build_on_project_package`) until one has the chroot:
    /// usually the first, so a page costs the same in a project of ten packages as in one
    /// of thousands.
    public func latestPackageBuilds(of project: Project, page: PageRequest) async throws -> ListPage<[PackageChrootBuild]> {
        try await pool.read { db in
            let names = """
                SELECT DISTINCT package_name AS name FROM build WHERE project_id = ?1 AND package_name IS NOT NULL
                UNION SELECT name FROM package WHERE project_id = ?1
                """
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(names))", arguments: [project.id]) ?? 0
            let packages = try String.fetchAll(
                db, sql: "\(names) ORDER BY name LIMIT ?2 OFFSET ?3", arguments: [project.id, page.size, page.offset])
            let newest = try db.makeStatement(
                sql: """
                    SELECT build.id, build_chroot.status, build.package_version
                    FROM build JOIN build_chroot ON build_chroot.build_id = build.id AND build_chroot.chroot = ?
                    WHERE build.project_id = ? AND build.package_name = ? ORDER BY build.id DESC LIMIT 1
                    """)
            let items = try packages.map { package in
                let cells = try project.chroots.compactMap { chroot in
                    try Row.fetchOne(newest, arguments: [chroot, project.id, package]).map { row in
                        PackageChrootBuild(
                            packageName: package, chroot: chroot, buildID: row["id"], status: row["status"], packageVersion: row["package_version"])
                    }
                }
                return cells.isEmpty ? [PackageChrootBuild(packageName: package)] : cells
            }
            return ListPage(items: items, total: total, request: page)
        }
    }

    /// The tasks that run or wait for a builder now, oldest build first, at most `limit` of each.
    public func activeBuilds(limit: Int) async throws -> [BuildOverview] {
        let active = [BuildStatus.running, .starting, .pending, .importing].map(\.rawValue)
        return try await pool.read { db in
            let ids = try Int.fetchAll(
                db,
                sql: """
                    SELECT id FROM build WHERE canceled = 0 AND (source_status IN (\(active.sqlList))
                        OR id IN (SELECT build_id FROM build_chroot WHERE status IN (\(active.sqlList))))
                    ORDER BY id LIMIT ?
                    """,
                arguments: [limit])
            return try Self.overviews(db, ids: ids)
        }
    }

    // MARK: SQL

    /// ``BuildOverview/state`` as an SQL expression over a row of `build`: the most urgent
    /// chroot state is the one of least rank.
    static let buildStateSQL: String = {
        let urgency = BuildOverview.chrootUrgency
        let rank = urgency.enumerated().map { "WHEN \($1.rawValue) THEN \($0)" }.joined(separator: " ")
        let state = urgency.enumerated().map { "WHEN \($0) THEN \($1.rawValue)" }.joined(separator: " ")
        return """
            (CASE WHEN build.canceled THEN \(BuildStatus.canceled.rawValue)
                WHEN build.source_status != \(BuildStatus.succeeded.rawValue) THEN build.source_status
                ELSE coalesce((SELECT CASE min(CASE status \(rank) END) \(state) END
                    FROM build_chroot WHERE build_chroot.build_id = build.id), \(BuildStatus.succeeded.rawValue)) END)
            """
    }()

    /// The builds of a project in `state`, as an SQL condition with its arguments. Unless
    /// it is `succeeded` (which a build may also be without any task in it), a build in
    /// `state` was cancelled or has a task in it: the index on the chroots' states finds
    /// those few before the state of each is derived.
    static func buildsInState(_ state: BuildStatus) -> (sql: String, arguments: StatementArguments) {
        guard state != .succeeded else { return ("\(buildStateSQL) = ?", [state.rawValue]) }
        return (
            """
            (build.canceled OR build.source_status = ? OR build.id IN (SELECT build_id FROM build_chroot WHERE status = ?))
                AND \(buildStateSQL) = ?
            """,
            [state.rawValue, state.rawValue, state.rawValue]
        )
    }

    /// The builds of `ids` with their chroots, in the order of `ids`, in two queries (one
    /// more per project when `project` is not given).
    private static func overviews(_ db: Database, ids: [Int], project: Project? = nil) throws -> [BuildOverview] {
        guard !ids.isEmpty else { return [] }
        let list = ids.sqlList
        let builds = Dictionary(uniqueKeysWithValues: try Build.fetchAll(db, sql: "SELECT * FROM build WHERE id IN (\(list))").map { ($0.id, $0) })
        let chroots = Dictionary(
            grouping: try BuildChroot.fetchAll(db, sql: "SELECT * FROM build_chroot WHERE build_id IN (\(list)) ORDER BY chroot"),
            by: \.buildID)
        var projects: [Int: Project] = project.map { [$0.id: $0] } ?? [:]
        return try ids.compactMap { id in
            guard let build = builds[id] else { return nil }
            if projects[build.projectID] == nil { projects[build.projectID] = try Self.project(db, id: build.projectID) }
            return BuildOverview(project: projects[build.projectID]!, build: build, chroots: chroots[id] ?? [])
        }
    }

    /// `text` with LIKE's wildcards and the escape character escaped by `\`.
    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

extension [Int] {
    /// The numbers as an SQL list: `1,2,3`.
    fileprivate var sqlList: String { map(String.init).joined(separator: ",") }
}
