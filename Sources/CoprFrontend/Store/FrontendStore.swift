import CoprCore
import Foundation
import GRDB

/// The embedded frontend's state: projects, builds, build chroots and cancel requests in
/// one SQLite file (the daemon uses `<state_dir>/frontend.sqlite`), in WAL mode, its
/// schema migrated when opened.
///
/// Users' operations (create a project, submit, list, show, cancel, delete) and the backend's
/// (pending tasks, task records, `starting_build`, `update`, cancel confirmations) each
/// run in one transaction, so a request either happens whole or not at all. `onWork` is
/// called after a commit that gives the backend something to do (a build submitted, a
/// source build succeeded, a cancel requested), so a daemon in the same process wakes
/// up at once instead of at its next poll.
///
/// ```swift
/// let store = try FrontendStore(path: "/var/lib/copr/frontend.sqlite") { dispatcher.wakeUp() }
/// try await store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64"]))
/// let build = try await store.submitBuild(BuildSubmission(
///     owner: "jdoe", project: "hello", submitter: "jdoe", source: .specURL("https://example.org/hello.spec")))
/// ```
public final class FrontendStore: Sendable {
    let pool: DatabasePool
    private let onWork: @Sendable () -> Void
    let clock: @Sendable () -> Double
    /// The chroots projects may enable and builds may name; nil accepts every chroot.
    public let chrootOffer: ChrootOffer?

    /// The state file of the backend whose `[backend] state_dir` is `stateDirectory`.
    public static func path(stateDirectory: String) -> String {
        (stateDirectory as NSString).appendingPathComponent("frontend.sqlite")
    }

    /// Opens (or creates) the store at `path` and migrates it to the current schema.
    /// - Parameters:
    ///   - onWork: Called after every commit that gives the backend work or a cancel.
    ///   - clock: UNIX time for the timestamps the frontend sets itself.
    ///   - chrootOffer: The deployment's chroots (`[frontend] chroots`); nil accepts any.
    public init(
        path: String, onWork: @escaping @Sendable () -> Void = {},
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }, chrootOffer: ChrootOffer? = nil
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with NORMAL: a commit survives the death of the process without an fsync
            // per commit; only a power loss may take the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try FrontendSchema.migrator.migrate(pool)
        self.onWork = onWork
        self.clock = clock
        self.chrootOffer = chrootOffer
    }

    /// Closes the file; every later call fails.
    public func close() throws {
        try pool.close()
    }

    // MARK: Projects

    /// Creates a project with its settings; throws ``InvalidField`` for a bad name or
    /// setting or a chroot this deployment does not offer and
    /// ``FrontendStoreError/projectExists(owner:name:)`` when the name is taken.
    @discardableResult
    public func createProject(_ request: NewProject) async throws -> Project {
        let request = try request.checked()
        try chrootOffer?.check(request.chroots)
        let owner = request.owner, name = request.name
        let chroots = Project.column(request.chroots)
        let now = clock()
        let settings = request.settings.applied(to: ProjectSettings(), now: now)
        return try await pool.write { db in
            guard try Self.project(db, owner: owner, name: name) == nil else {
                throw FrontendStoreError.projectExists(owner: owner, name: name)
            }
            try db.execute(
                sql: "INSERT INTO project (owner, name, chroots, signing_enabled, created_on, webhook_secret) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [owner, name, chroots, request.signingEnabled, now, WebhookSecret.generate()])
            let id = db.lastInsertedRowID
            try Self.saveSettings(db, settings, projectID: id)
            return try Project.fetchOne(db, key: id)!
        }
    }

    /// Every project, by owner and name.
    public func projects() async throws -> [Project] {
        try await pool.read { db in
            try Project.fetchAll(db, sql: "SELECT * FROM project ORDER BY owner, name")
        }
    }

    /// One project; ``FrontendStoreError/projectNotFound(owner:name:)`` if it does not exist.
    public func project(owner: String, name: String) async throws -> Project {
        try await pool.read { db in
            guard let project = try Self.project(db, owner: owner, name: name) else {
                throw FrontendStoreError.projectNotFound(owner: owner, name: name)
            }
            return project
        }
    }

    // MARK: Builds

    /// Submits a build: its source build is `pending` for the backend, its chroots
    /// `waiting` for the source build; it keeps its own `enable_net`, the project's unless
    /// the submission says otherwise, as Copr's builds do; an ``BuildSource/upload(name:url:)``
    /// is recorded as this build's; a ``BuildSubmission/order`` puts it into a batch. Throws
    /// ``InvalidField`` for a bad field or an upload that is already another build's,
    /// ``FrontendStoreError`` for an unknown project or chroots it does not enable, and
    /// ``BatchRefused`` for an order `requester` may not give (nil: the operator, who may
    /// order any build).
    @discardableResult
    public func submitBuild(_ submission: BuildSubmission, by requester: Account? = nil) async throws -> BuildOverview {
        let submission = try submission.checked()
        if let chroots = submission.chroots { try chrootOffer?.check(chroots) }
        let source = try String(decoding: JSONEncoder().encode(submission.source), as: UTF8.self)
        let now = clock()
        let overview = try await pool.write { db in
            guard let project = try Self.project(db, owner: submission.owner, name: submission.project) else {
                throw FrontendStoreError.projectNotFound(owner: submission.owner, name: submission.project)
            }
            let chroots = submission.chroots ?? project.chroots
            let foreign = chroots.filter { !project.chroots.contains($0) }
            guard foreign.isEmpty else { throw FrontendStoreError.chrootsNotInProject(foreign, project: project.fullName) }
            let batch = try submission.order.map { try Self.batch(for: $0, db, requester: requester, submitter: submission.submitter) }
            try db.execute(
                sql: """
                    INSERT INTO build (
                        project_id, submitter, source, background, timeout, source_status, submitted_on, batch_id, enable_net, package_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    project.id, submission.submitter, source, submission.background, submission.timeout, BuildStatus.pending, now, batch,
                    submission.enableNet ?? project.settings.enableNet, submission.packageName,
                ])
            let buildID = db.lastInsertedRowID
            for chroot in chroots {
                try db.execute(
                    sql: "INSERT INTO build_chroot (build_id, chroot, status) VALUES (?, ?, ?)",
                    arguments: [buildID, chroot, BuildStatus.waiting])
            }
            if case .upload(let name, _) = submission.source { try Self.recordUpload(db, name: name, buildID: Int(buildID)) }
            return try Self.overview(db, buildID: Int(buildID))!
        }
        onWork()
        return overview
    }

    /// The builds of one project, oldest first; ``FrontendStoreError/projectNotFound(owner:name:)``
    /// if it does not exist.
    public func builds(owner: String, project: String) async throws -> [BuildOverview] {
        try await pool.read { db in
            guard let found = try Self.project(db, owner: owner, name: project) else {
                throw FrontendStoreError.projectNotFound(owner: owner, name: project)
            }
            let ids = try Int.fetchAll(db, sql: "SELECT id FROM build WHERE project_id = ? ORDER BY id", arguments: [found.id])
            return try ids.compactMap { try Self.overview(db, buildID: $0) }
        }
    }

    /// Every build of every project of `owner` (nil: of every owner), oldest first.
    public func allBuilds(owner: String? = nil) async throws -> [BuildOverview] {
        try await pool.read { db in
            let ids = if let owner {
                try Int.fetchAll(
                    db, sql: "SELECT build.id FROM build JOIN project ON project.id = build.project_id WHERE project.owner = ? ORDER BY build.id",
                    arguments: [owner])
            } else {
                try Int.fetchAll(db, sql: "SELECT id FROM build ORDER BY id")
            }
            return try ids.compactMap { try Self.overview(db, buildID: $0) }
        }
    }

    /// One build with its chroots; ``FrontendStoreError/buildNotFound(_:)`` if unknown.
    public func build(id: Int) async throws -> BuildOverview {
        try await pool.read { db in
            guard let overview = try Self.overview(db, buildID: id) else { throw try Self.missingBuild(db, id) }
            return overview
        }
    }

    /// The user cancels a build: its unfinished tasks end `canceled` and the backend gets
    /// a cancel request for each. Returns those task ids.
    @discardableResult
    public func requestCancel(buildID: Int) async throws -> [TaskID] {
        let now = clock()
        let canceled = try await pool.write { db in
            guard var state = try Self.state(db, buildID: buildID) else { throw FrontendStoreError.buildNotFound(buildID) }
            let tasks = state.cancel(now: now)
            guard !tasks.isEmpty else {
                let project = try Self.project(db, id: state.build.projectID)
                throw FrontendStoreError.buildFinished(buildID, BuildOverview(project: project, build: state.build, chroots: state.chroots).state)
            }
            try Self.save(db, state)
            for task in tasks {
                try db.execute(sql: "INSERT OR IGNORE INTO cancel_request (task_id) VALUES (?)", arguments: [task.description])
            }
            return tasks
        }
        onWork()
        return canceled
    }

    // MARK: The backend's side

    /// The tasks the backend should work on, in upstream's `pending-jobs` order: source
    /// builds first, then RPM tasks; within each, foreground before background builds,
    /// then by build id (and chroot name). Cancelled builds are left out, and so are the
    /// builds of a blocked batch (``BatchOrdering``) until the batch they wait for ended.
    public func pendingTasks() async throws -> [TaskContext] {
        let active = BuildStatus.allCases.filter(\.wantsWorker).map(\.rawValue)
        return try await pool.read { db in
            let sources = try Build.fetchAll(
                db,
                sql: "SELECT * FROM build WHERE canceled = 0 AND source_status IN (\(active.map(String.init).joined(separator: ","))) ORDER BY background, id")
            let chroots = try BuildChroot.fetchAll(
                db,
                sql: """
                    SELECT build_chroot.* FROM build_chroot JOIN build ON build.id = build_chroot.build_id
                    WHERE build.canceled = 0 AND build_chroot.status IN (\(active.map(String.init).joined(separator: ",")))
                    ORDER BY build.background, build.id, build_chroot.chroot
                    """)
            var projects: [Int: Project] = [:]
            var builds = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0) })
            func context(_ build: Build, _ chroot: BuildChroot?) throws -> TaskContext {
                if projects[build.projectID] == nil { projects[build.projectID] = try Self.project(db, id: build.projectID) }
                return TaskContext(
                    project: projects[build.projectID]!, build: build, chroot: chroot,
                    buildChroots: try Self.chrootNames(db, buildID: build.id))
            }
            for chroot in chroots where builds[chroot.buildID] == nil {
                builds[chroot.buildID] = try Build.fetchOne(db, key: chroot.buildID)
            }
            let blocked = try Self.blockedBuildIDs(db, builds.values)
            var tasks = try sources.filter { !blocked.contains($0.id) }.map { try context($0, nil) }
            for chroot in chroots where !blocked.contains(chroot.buildID) {
                tasks.append(try context(builds[chroot.buildID]!, chroot))
            }
            return tasks
        }
    }

    /// One task with its project, build and chroot settings; ``FrontendStoreError/taskNotFound(_:)`` if
    /// the build or its chroot does not exist.
    public func task(_ id: TaskID) async throws -> TaskContext {
        try await pool.read { db in
            guard let build = try Build.fetchOne(db, key: id.buildID) else { throw FrontendStoreError.taskNotFound(id) }
            var chroot: BuildChroot?
            if let name = id.chroot {
                chroot = try BuildChroot.fetchOne(db, key: ["build_id": id.buildID, "chroot": name])
                guard chroot != nil else { throw FrontendStoreError.taskNotFound(id) }
            }
            var task = TaskContext(
                project: try Self.project(db, id: build.projectID), build: build, chroot: chroot,
                buildChroots: try Self.chrootNames(db, buildID: build.id))
            if let chroot { task.chrootSettings = try Self.chrootSettings(db, projectID: build.projectID, chroot: chroot.chroot) }
            return task
        }
    }

    /// `starting_build`: whether the worker may start the task. False for an unknown task,
    /// a cancelled build or a task with a cancel request (which then ends `canceled`).
    public func startingBuild(_ report: TaskReport) async throws -> Bool {
        let now = clock()
        return try await pool.write { db in
            guard var state = try Self.state(db, buildID: report.task.buildID) else { return false }
            let cancelRequested = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM cancel_request WHERE task_id = ?)", arguments: [report.task.description]) ?? false
            let canStart = state.start(report, cancelRequested: cancelRequested, now: now)
            try Self.save(db, state)
            return canStart
        }
    }

    /// What ``applyUpdates(_:)`` did: the builds it found, and those it did not.
    public struct UpdateSummary: Sendable, Equatable {
        /// Build ids of the reports that were applied (or ignored as final), in order.
        public var updatedBuildIDs: [Int] = []
        /// Build ids of reports for a build or chroot that does not exist.
        public var nonExistingBuildIDs: [Int] = []
    }

    /// `update`: applies the reports in order, in one transaction. Reports for a build
    /// (or chroot) that does not exist are counted in `nonExistingBuildIDs`. Work is
    /// announced when RPM tasks became pending or a batched build ended.
    public func applyUpdates(_ reports: [TaskReport]) async throws -> UpdateSummary {
        let now = clock()
        let (summary, newWork) = try await pool.write { db in
            var summary = UpdateSummary()
            var newWork = false
            for report in reports {
                let buildID = report.task.buildID
                guard var state = try Self.state(db, buildID: buildID),
                      case .applied(let work) = state.apply(report, now: now)
                else {
                    summary.nonExistingBuildIDs.append(buildID)
                    continue
                }
                try Self.save(db, state)
                summary.updatedBuildIDs.append(buildID)
                // A batched build that ended may let the batch after it start.
                newWork = newWork || work || (state.build.batchID != nil && state.hasEnded)
            }
            return (summary, newWork)
        }
        if newWork { onWork() }
        return summary
    }

    /// The task ids users cancelled that the backend has not confirmed yet.
    public func cancelRequests() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT task_id FROM cancel_request ORDER BY task_id")
        }
    }

    /// `build-tasks/canceled/<id>`: the backend handled the cancel request, which goes
    /// away; the task ends `canceled` if it had not ended. Throws
    /// ``FrontendStoreError/taskNotFound(_:)`` when there was neither a request nor a task.
    public func confirmCancel(_ task: TaskID) async throws {
        let now = clock()
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM cancel_request WHERE task_id = ?", arguments: [task.description])
            let hadRequest = db.changesCount > 0
            guard var state = try Self.state(db, buildID: task.buildID), state.contains(task) else {
                guard hadRequest else { throw FrontendStoreError.taskNotFound(task) }
                return
            }
            state.cancelTask(task, now: now)
            try Self.save(db, state)
        }
    }

    // MARK: SQL

    static func project(_ db: Database, owner: String, name: String) throws -> Project? {
        try Project.fetchOne(db, sql: "SELECT * FROM project WHERE owner = ? AND name = ?", arguments: [owner, name])
    }

    static func project(_ db: Database, id: Int) throws -> Project {
        try Project.fetchOne(db, key: id)!
    }

    private static func chrootNames(_ db: Database, buildID: Int) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT chroot FROM build_chroot WHERE build_id = ? ORDER BY chroot", arguments: [buildID])
    }

    private static func state(_ db: Database, buildID: Int) throws -> BuildState? {
        guard let build = try Build.fetchOne(db, key: buildID) else { return nil }
        let chroots = try BuildChroot.fetchAll(
            db, sql: "SELECT * FROM build_chroot WHERE build_id = ? ORDER BY chroot", arguments: [buildID])
        return BuildState(build: build, chroots: chroots)
    }

    static func overview(_ db: Database, buildID: Int) throws -> BuildOverview? {
        guard let state = try state(db, buildID: buildID) else { return nil }
        return BuildOverview(project: try project(db, id: state.build.projectID), build: state.build, chroots: state.chroots)
    }

    /// Writes back what the transitions may change.
    private static func save(_ db: Database, _ state: BuildState) throws {
        let build = state.build
        try db.execute(
            sql: """
                UPDATE build SET package_name = ?, package_version = ?, srpm_url = ?, source_status = ?,
                    source_result_dir = ?, started_on = ?, ended_on = ?, canceled = ? WHERE id = ?
                """,
            arguments: [build.packageName, build.packageVersion, build.srpmURL, build.sourceStatus, build.sourceResultDir,
                        build.startedOn, build.endedOn, build.canceled, build.id])
        for chroot in state.chroots {
            try db.execute(
                sql: "UPDATE build_chroot SET status = ?, started_on = ?, ended_on = ?, result_dir = ? WHERE build_id = ? AND chroot = ?",
                arguments: [chroot.status, chroot.startedOn, chroot.endedOn, chroot.resultDir, chroot.buildID, chroot.chroot])
        }
    }
}
