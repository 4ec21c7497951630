import CoprCore
import Foundation
import GRDB

/// Forks, as Copr's frontend makes them: the fork gets the project's settings, chroots
/// and packages, and a copy of each package's newest succeeded build per chroot, under a
/// new build id, `forked` until the backend's `fork` action copied their results.
extension FrontendStore {
    /// Forks `request.sourceOwner`/`request.sourceName` into `request.owner`/`request.name`
    /// in one transaction with its `fork` action. A fork that does not exist is created
    /// with the source's settings (its contact, webhook secret and permissions are its
    /// own), chroots, chroot settings and signing; into one that exists (only with
    /// `confirm`) go the packages it lacks and the builds, in the chroots both have.
    /// Throws ``InvalidField`` for a bad name, the project itself as its fork, or an existing
    /// fork without `confirm`, and ``FrontendStoreError/projectNotFound(owner:name:)``
    /// for an unknown source.
    public func forkProject(_ request: ForkRequest) async throws -> ProjectFork {
        let request = try request.checked()
        let now = clock()
        return try await pool.write { db in
            guard let source = try Self.project(db, owner: request.sourceOwner, name: request.sourceName) else {
                throw FrontendStoreError.projectNotFound(owner: request.sourceOwner, name: request.sourceName)
            }
            let existing = try Self.project(db, owner: request.owner, name: request.name)
            guard existing == nil || request.confirm else {
                throw InvalidField(
                    field: "confirm",
                    reason: "project \(request.fullName) exists; forking into it adds the packages and builds of \(source.fullName), so confirm it (copr-cli fork --confirm, \"confirm\": true)")
            }
            let destination = try existing ?? Self.copy(db, source, as: request, now: now)
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO package (project_id, name, source, webhook_rebuild)
                    SELECT ?, name, source, 0 FROM package WHERE project_id = ?
                    """,
                arguments: [destination.id, source.id])
            let chroots = source.chroots.filter(destination.chroots.contains)
            var buildsMap = Dictionary(chroots.map { ($0, [String: String]()) }) { first, _ in first }
            var sourceBuilds: [String: String] = [:]
            var forked: [ProjectFork.ForkedBuild] = []
            for (buildID, buildChroots) in try Self.newestSucceeded(db, projectID: source.id, chroots: chroots) {
                let copy = try Self.copyBuild(db, buildID, chroots: buildChroots, into: destination.id)
                forked.append(ProjectFork.ForkedBuild(id: copy.id, forkedFrom: buildID))
                sourceBuilds[copy.sourceDirectory.old] = copy.sourceDirectory.new
                for (chroot, directory) in copy.chrootDirectories { buildsMap[chroot, default: [:]][directory.old] = directory.new }
            }
            buildsMap[TaskID.sourceBuildsChroot] = sourceBuilds
            let actionID = try Self.enqueue(.fork(from: source, to: destination, builds: buildsMap), db, now: now)
            for build in forked {
                try db.execute(sql: "UPDATE build SET fork_action_id = ? WHERE id = ?", arguments: [actionID, build.id])
            }
            return ProjectFork(project: destination, created: existing == nil, builds: forked, actionID: actionID)
        }
    }

    /// Ends the builds forked by action `actionID` that are still `forked`: succeeded
    /// when the backend copied their results, failed when it could not.
    static func endForkedBuilds(_ db: Database, actionID: Int, result: ActionResult) throws {
        guard result != .waiting else { return }
        let status: BuildStatus = result == .success ? .succeeded : .failed
        try db.execute(
            sql: """
                UPDATE build_chroot SET status = ? WHERE status = ? AND build_id IN (SELECT id FROM build WHERE fork_action_id = ?)
                """,
            arguments: [status, BuildStatus.forked, actionID])
        try db.execute(
            sql: "UPDATE build SET source_status = ? WHERE fork_action_id = ? AND source_status = ?",
            arguments: [status, actionID, BuildStatus.forked])
    }

    /// A new project `request.owner`/`request.name` with the settings of `source`.
    private static func copy(_ db: Database, _ source: Project, as request: ForkRequest, now: Double) throws -> Project {
        try db.execute(
            sql: """
                INSERT INTO project (owner, name, chroots, signing_enabled, created_on, webhook_secret, description, instructions,
                                     homepage, contact, additional_repos, runtime_dependencies, enable_net, delete_after)
                SELECT ?, ?, chroots, signing_enabled, ?, ?, description, instructions,
                       homepage, NULL, additional_repos, runtime_dependencies, enable_net, delete_after
                FROM project WHERE id = ?
                """,
            arguments: [request.owner, request.name, now, WebhookSecret.generate(), source.id])
        let id = db.lastInsertedRowID
        try db.execute(
            sql: """
                INSERT INTO project_chroot (project_id, chroot, additional_repos, buildroot_pkgs, with_opts, without_opts,
                                            isolation, bootstrap, bootstrap_image)
                SELECT ?, chroot, additional_repos, buildroot_pkgs, with_opts, without_opts, isolation, bootstrap, bootstrap_image
                FROM project_chroot WHERE project_id = ?
                """,
            arguments: [id, source.id])
        return try Project.fetchOne(db, key: id)!
    }

    /// For each package of the project, its newest build that succeeded in each of
    /// `chroots`: build id → those chroots, by build id.
    private static func newestSucceeded(_ db: Database, projectID: Int, chroots: [String]) throws -> [(Int, [String])] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT MAX(build.id) AS build_id, build_chroot.chroot AS chroot FROM build
                JOIN build_chroot ON build_chroot.build_id = build.id
                WHERE build.project_id = ? AND build.package_name IS NOT NULL AND build_chroot.status = ?
                GROUP BY build.package_name, build_chroot.chroot
                """,
            arguments: [projectID, BuildStatus.succeeded])
        var byBuild: [Int: [String]] = [:]
        for row in rows where chroots.contains(row["chroot"]) {
            byBuild[row["build_id"], default: []].append(row["chroot"])
        }
        return byBuild.keys.sorted().map { ($0, byBuild[$0]!.sorted()) }
    }

    /// A copy of build `buildID` with `chroots` in project `projectID`, `forked`, with its
    /// own result directories; returns its id and each result directory's old and new name.
    private static func copyBuild(
        _ db: Database, _ buildID: Int, chroots: [String], into projectID: Int
    ) throws -> (id: Int, sourceDirectory: (old: String, new: String), chrootDirectories: [String: (old: String, new: String)]) {
        let build = try Build.fetchOne(db, key: buildID)!
        try db.execute(
            sql: """
                INSERT INTO build (project_id, submitter, source, background, timeout, package_name, package_version, srpm_url,
                                   source_status, submitted_on, started_on, ended_on, enable_net)
                SELECT ?, submitter, source, background, timeout, package_name, package_version, srpm_url,
                       ?, submitted_on, started_on, ended_on, enable_net
                FROM build WHERE id = ?
                """,
            arguments: [projectID, BuildStatus.forked, buildID])
        let id = Int(db.lastInsertedRowID)
        let directory = { (id: Int, sourceBuild: Bool) in
            ResultsLayout.taskDirectoryName(buildID: id, packageName: build.packageName, sourceBuild: sourceBuild)
        }
        try db.execute(sql: "UPDATE build SET source_result_dir = ? WHERE id = ?", arguments: [directory(id, true), id])
        var chrootDirectories: [String: (old: String, new: String)] = [:]
        for chroot in chroots {
            let old = try String.fetchOne(
                db, sql: "SELECT result_dir FROM build_chroot WHERE build_id = ? AND chroot = ?", arguments: [buildID, chroot])
            try db.execute(
                sql: """
                    INSERT INTO build_chroot (build_id, chroot, status, started_on, ended_on, result_dir)
                    SELECT ?, chroot, ?, started_on, ended_on, ? FROM build_chroot WHERE build_id = ? AND chroot = ?
                    """,
                arguments: [id, BuildStatus.forked, directory(id, false), buildID, chroot])
            chrootDirectories[chroot] = (old ?? directory(buildID, false), directory(id, false))
        }
        return (id, (build.sourceResultDir ?? directory(buildID, true), directory(id, true)), chrootDirectories)
    }
}
