import CoprCore
import Foundation
import Hummingbird
import Logging

/// The user API of the embedded frontend (docs/USER-API.md), JSON under `/api/`: what
/// `copr-backend project|build` and other clients use to create projects, submit builds
/// (by URL, from git, or by uploading the file), follow, cancel and delete them.
///
/// | Route under `/api/` | Answer |
/// |---|---|
/// | `GET projects`, `POST projects`, `GET projects/<owner>/<name>` | projects (201 on create) |
/// | `GET projects/<owner>/<name>/builds`, `GET builds`, `GET builds/<id>` | builds, oldest first |
/// | `POST projects/<owner>/<name>/builds` | submits a JSON submission (201) |
/// | `POST projects/<owner>/<name>/builds/upload?filename=…` | submits the body as an SRPM or spec file (201) |
/// | `POST builds/<id>/cancel` | cancels the build; 409 once it has ended |
/// | `DELETE builds/<id>` | removes its results and forgets it; 409 until it has ended |
/// | `POST builds/<id>/resubmit` | a new build of the same source for the same chroots (201) |
/// | `PATCH projects/<owner>/<name>`, `DELETE projects/<owner>/<name>` | edits, deletes a project (`UserAPI+Projects`) |
/// | `GET chroots` | the chroots this frontend accepts |
/// | `…/packages…` under a project | its packages (`UserAPI+Packages`); `?package=` filters build lists |
/// | `GET projects/<owner>/<name>/permissions`, `PUT` (`{"user", "admin", "builder"}`) | who was granted what |
/// | `POST projects/<owner>/<name>/fork` | forks the project (`UserAPI+Forks`) |
///
/// Its write actions (create, edit and delete a project; submit, upload, cancel and delete
/// a build) each authorize the requester and return what they made; ``APIv3`` renders the
/// same actions in Copr's shapes.
///
/// Every request may carry an API token (``TokenAuthenticator``); reading needs none,
/// every write needs one whose user ``AccessRule`` allows it, and a build's submitter is
/// that user. Refusals are `{"error": "..."}` with 400 (invalid input, a source URL that
/// reaches the build farm itself or names an upload: ``SourceURLRule``), 401 (no token for
/// a write, or a wrong, expired or revoked one), 403 (not allowed), 404 (unknown project
/// or build), 409 (conflict) or 413 (too large), and a refused request changes nothing: a
/// refused upload is removed again.
///
/// ```swift
/// let api = UserAPI(
///     store: store, layout: layout, publicURL: "http://127.0.0.1:5007", uploadDirectory: "/var/lib/copr/uploads",
///     maximumUploadSize: 1 << 30, sourceURLs: SourceURLRule(listenHosts: ["127.0.0.1"]),
///     resultsActions: QueuedResultsActions(store: store, layout: layout) { actions.wakeUp() }, logger: logger)
/// ```
public struct UserAPI: FrontendRoutes {
    /// A submission or a new project is small; files go through the upload route.
    public static let maximumJSONBodySize = 1 << 20

    let store: FrontendStore
    let records: UserAPIRecords
    let uploads: UploadDirectory
    /// `<public URL>/uploads`: where ``UploadFiles`` serves the uploads.
    let uploadsURL: String
    /// Bytes an upload may have.
    let maximumUploadSize: Int
    let sourceURLs: SourceURLRule
    let resultsActions: any ResultsActions
    /// Whether the deployment signs packages: `signing` is refused without a signer.
    let signerConfigured: Bool
    private let queue: (any QueueReporter)?
    let logger: Logger

    /// - Parameters:
    ///   - layout: Names the result directories in build answers.
    ///   - publicURL: The frontend's base URL as builders and users reach it; uploads and
    ///     repository files get URLs below it.
    ///   - uploadDirectory: Where uploads are stored (``UploadFiles`` serves the same one).
    ///   - maximumUploadSize: Bytes an upload may have (`[frontend] max_upload_size`).
    ///   - sourceURLs: What a submitted source URL must pass besides its form.
    ///   - resultsActions: Removes a build's results before it is deleted.
    ///   - signerConfigured: Whether the backend signs packages (`[backend] do_sign`); a
    ///     project asking for signing is refused without it.
    ///   - queue: Where waiting tasks stand in the daemon's queue, for build answers; nil
    ///     when no daemon runs in this process.
    public init(
        store: FrontendStore, layout: ResultsLayout, publicURL: String, uploadDirectory: String, maximumUploadSize: Int,
        sourceURLs: SourceURLRule, resultsActions: any ResultsActions, signerConfigured: Bool = false,
        queue: (any QueueReporter)? = nil, logger: Logger
    ) {
        let publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.store = store
        records = UserAPIRecords(layout: layout, publicURL: publicURL, clock: store.clock)
        uploads = UploadDirectory(path: uploadDirectory)
        uploadsURL = "\(publicURL)/uploads"
        self.maximumUploadSize = maximumUploadSize
        self.sourceURLs = sourceURLs
        self.resultsActions = resultsActions
        self.signerConfigured = signerConfigured
        self.queue = queue
        self.logger = logger
    }

    public func register(on router: Router<FrontendRequestContext>) {
        let routes = RouteCollection(context: FrontendRequestContext.self)
        routes.add(middleware: UserAPIErrorMiddleware(logger: logger))
        routes.add(middleware: TokenAuthenticator(store: store))
        let store = self.store, records = self.records

        routes.get("projects") { _, _ in
            Self.json(.array(try await store.projects().map(records.project)))
        }
        routes.post("projects") { request, context in
            let new = try UserAPIRequests.newProject(try await Self.body(of: request), defaultOwner: context.identity?.login)
            return Self.json(try await projectRecord(try await createProject(new, context), context), status: .created)
        }
        routes.get("projects/:owner/:name") { _, context in
            let (owner, name) = try Self.project(context)
            return Self.json(try await projectRecord(try await store.project(owner: owner, name: name), context))
        }
        routes.get("projects/:owner/:name/builds") { request, context in
            let (owner, name) = try Self.project(context)
            let builds = try Self.ofPackage(try await store.builds(owner: owner, project: name), request.uri.queryParameters)
            return Self.json(.array(builds.map { records.build($0) }))
        }
        routes.post("projects/:owner/:name/builds") { request, context in
            let (owner, name) = try Self.project(context)
            let body = try await Self.body(of: request)
            // An unknown project is refused before any host is resolved.
            _ = try await store.project(owner: owner, name: name)
            let account = try await authorized(.submitBuild, context, owner: owner, project: name)
            let submission = try UserAPIRequests.submission(body, owner: owner, project: name, by: account)
            return Self.json(records.build(try await submit(submission, by: account)), status: .created)
        }
        routes.post("projects/:owner/:name/builds/upload") { request, context in
            let (owner, name) = try Self.project(context)
            return try await upload(request, context, owner: owner, project: name)
        }
        routes.get("builds") { request, _ in
            let owner = try request.uri.queryParameters.get("owner").map { try TaskRules.owner($0, field: "owner") }
            let builds = try Self.ofPackage(try await store.allBuilds(owner: owner), request.uri.queryParameters)
            return Self.json(.array(builds.map { records.build($0) }))
        }
        routes.get("builds/:id") { _, context in
            let overview = try await store.build(id: try Self.buildID(context))
            return Self.json(records.build(overview, places: try await places(of: overview)))
        }
        routes.post("builds/:id/cancel") { _, context in
            Self.json(records.build(try await cancel(buildID: try Self.buildID(context), context)))
        }
        routes.delete("builds/:id") { _, context in
            // One statement per step: written as one expression (`try Self.buildID` inside
            // the awaited call inside the dictionary literal), `swift build -c release`
            // crashes Swift 6.3.1 with signal 11 while splitting this async closure
            // (LLVM CoroSplit, emitSetAndGetSwiftErrorValueAround).
            let buildID = try Self.buildID(context)
            let deleted = try await delete(buildID: buildID, context)
            return Self.json(["deleted": .int(deleted.build.id)])
        }
        routes.post("builds/:id/resubmit") { _, context in
            Self.json(records.build(try await resubmitted(buildID: try Self.buildID(context), context)), status: .created)
        }
        registerProjectRoutes(on: routes)
        registerPackageRoutes(on: routes)
        registerPermissions(on: routes)
        registerForkRoutes(on: routes)
        router.addRoutes(routes, atPath: "api")
    }

    /// The requester's account once ``FrontendStore/authorize(_:by:owner:project:)``
    /// allowed it `action` on the project; every action but reading needs an account.
    @discardableResult
    func authorized(_ action: ProjectAction, _ context: FrontendRequestContext, owner: String, project: String) async throws -> Account {
        try await store.authorize(action, by: context.identity, owner: owner, project: project)
        guard let account = context.identity else { throw AccessRefused.unauthenticated(action, project: "\(owner)/\(project)") }
        return account
    }

    /// The project as ``UserAPIRecords/project(_:)`` shows it, with its `webhook_secret`
    /// and `webhook_urls` (``Webhooks``) when the requester may edit it (so in the answers
    /// to creating, showing and editing one).
    func projectRecord(_ project: Project, _ context: FrontendRequestContext) async throws -> JSONValue {
        let record = records.project(project)
        guard context.identity != nil, case .object(var fields) = record,
            (try? await store.authorize(.edit, by: context.identity, owner: project.owner, project: project.name)) != nil
        else { return record }
        fields["webhook_secret"] = .string(project.webhookSecret)
        fields["webhook_urls"] = .object(Webhooks.urls(of: project, publicURL: records.publicURL).mapValues(JSONValue.string))
        return .object(fields)
    }

    // MARK: Builds

    /// Submits `submission` once its source URL passed ``SourceURLRule`` (`account` was
    /// authorized when the submission was read; its order of builds is decided for it); a
    /// chroot of a project from before repositories were made at creation gets its empty
    /// one here.
    func submit(_ submission: BuildSubmission, by account: Account) async throws -> BuildOverview {
        try await sourceURLs.check(submission.source, uploads: store, uploadsURL: uploadsURL)
        let overview = try await store.submitBuild(submission, by: account)
        await createMissingRepositories(of: overview.project)
        return overview
    }

    /// Where the pending tasks of a build stand: those of a build whose batch waits for
    /// another wait for that batch (the daemon is not given them), the others are where
    /// the daemon's queue holds them.
    private func places(of overview: BuildOverview) async throws -> [TaskID: QueuePlace] {
        guard !overview.hasEnded else { return [:] }
        let tasks = [(id: TaskID.source(buildID: overview.build.id), status: overview.build.sourceStatus)]
            + overview.chroots.map { (id: $0.taskID, status: $0.status) }
        guard let blocker = try await store.blocker(ofBuild: overview.build.id) else {
            return await queue?.places(of: tasks.map(\.id)) ?? [:]
        }
        let waiting = QueuePlace(position: nil, waitingFor: blocker.description)
        return Dictionary(uniqueKeysWithValues: tasks.filter { $0.status == .pending }.map { ($0.id, waiting) })
    }

    /// Requests the cancel of build `buildID` once the requester may; returns the build.
    func cancel(buildID: Int, _ context: FrontendRequestContext) async throws -> BuildOverview {
        let project = try await store.build(id: buildID).project
        try await authorized(.cancelBuild, context, owner: project.owner, project: project.name)
        try await store.requestCancel(buildID: buildID)
        return try await store.build(id: buildID)
    }

    // MARK: Uploads

    /// Checks the name and options before the body is read, streams the file into its own
    /// upload directory, then submits it; a refused submission removes the file again.
    private func upload(_ request: Request, _ context: FrontendRequestContext, owner: String, project: String) async throws -> Response {
        let query = request.uri.queryParameters
        guard let requestedName = query.get("filename") else {
            throw InvalidField(field: "filename", reason: "it is missing; name the file in the query: ?filename=hello-1.0-1.src.rpm")
        }
        let fileName = try TaskRules.sourceFileName(requestedName)
        let options = try SubmissionOptions(query: query)
        // An unknown project or an announced size over the limit is refused before any byte is stored.
        _ = try await store.project(owner: owner, name: project)
        let account = try await authorized(.submitBuild, context, owner: owner, project: project)
        let submitter = try options.submitter(by: account)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumUploadSize {
            throw UserAPIError.tooLarge("upload", limit: maximumUploadSize)
        }
        let upload = try await uploads.receive(request.body, fileName: fileName, maximumSize: maximumUploadSize)
        let overview = try await submit(upload: upload, by: account) { source in
            options.submission(owner: owner, project: project, source: source, submitter: submitter)
        }
        return Self.json(records.build(overview), status: .created)
    }

    /// Submits the build `submission` makes of a stored upload (the requester was
    /// authorized as `account`); an uploaded spec must pass ``SpecSourceRule``. A refused
    /// submission removes the upload again.
    func submit(upload: String, by account: Account, _ submission: (BuildSource) -> BuildSubmission) async throws -> BuildOverview {
        do {
            if upload.hasSuffix(".spec") { try SpecSourceRule.check(try uploads.text(of: upload)) }
            let overview = try await store.submitBuild(submission(.upload(name: upload, url: "\(uploadsURL)/\(upload)")), by: account)
            await createMissingRepositories(of: overview.project)
            return overview
        } catch {
            removeUpload(upload)
            throw error
        }
    }

    func removeUpload(_ upload: String) {
        do {
            try uploads.remove(upload)
        } catch {
            logger.warning("Could not remove upload \(upload): \(error)")
        }
    }

    // MARK: Deletion

    /// Refuses a build that has not ended, removes its results (keeping the build when
    /// that fails), forgets it, then removes the upload the store recorded as its own;
    /// returns the build as it was.
    func delete(buildID: Int, _ context: FrontendRequestContext) async throws -> BuildOverview {
        let overview = try await store.build(id: buildID)
        try await authorized(.deleteBuild, context, owner: overview.project.owner, project: overview.project.name)
        guard overview.hasEnded else { throw BuildNotEnded(buildID: buildID, state: overview.state) }
        do {
            try await resultsActions.removeResults(of: overview)
        } catch {
            logger.error("Removing the results of build \(buildID) failed: \(error)")
            throw UserAPIError(
                .internalServerError, "Could not remove the results of build \(buildID), so it is kept; delete it again once this is fixed: \(error)")
        }
        if let upload = try await store.deleteBuild(id: buildID) { removeUpload(upload) }
        return overview
    }

    /// Deletes the builds `buildIDs` all together or none: each must exist, have ended and
    /// be the requester's to delete, then the store forgets them in one transaction, and
    /// only then are their results and uploads removed (a failure there is reported, the
    /// builds stay deleted). Returns the builds as they were.
    func delete(buildIDs: [Int], _ context: FrontendRequestContext) async throws -> [BuildOverview] {
        var overviews: [BuildOverview] = []
        for id in buildIDs {
            let overview = try await store.build(id: id)
            try await authorized(.deleteBuild, context, owner: overview.project.owner, project: overview.project.name)
            overviews.append(overview)
        }
        let uploads = try await store.deleteBuilds(ids: buildIDs)
        for overview in overviews {
            if let upload = uploads[overview.build.id] ?? nil { removeUpload(upload) }
        }
        do {
            for builds in Dictionary(grouping: overviews, by: \.project.id).values {
                try await resultsActions.removeResults(of: builds)
            }
        } catch {
            logger.error("Removing the results of deleted builds \(buildIDs) failed: \(error)")
            throw UserAPIError(
                .internalServerError,
                "Builds \(buildIDs.map(String.init).joined(separator: ", ")) were deleted, but their results could not be removed (\(error)); an operator removes them from the results directory")
        }
        return overviews
    }

    // MARK: Requests and answers

    /// The project named in the path, both names checked.
    static func project(_ context: some RequestContext) throws -> (owner: String, name: String) {
        let owner = try TaskRules.owner(try context.parameters.require("owner"), field: "owner")
        let name = try TaskRules.projectName(try context.parameters.require("name"), field: "name")
        return (owner, name)
    }

    /// The builds of the package the query names (`package`), or all of them.
    static func ofPackage(_ builds: [BuildOverview], _ query: Parameters) throws(InvalidField) -> [BuildOverview] {
        guard let text = query.get("package") else { return builds }
        let name = try TaskRules.packageName(text, field: "package")
        return builds.filter { $0.build.packageName == name }
    }

    static func buildID(_ context: some RequestContext) throws -> Int {
        try TaskRules.buildID(try context.parameters.require("id"))
    }

    /// The request body as JSON, at most ``maximumJSONBodySize`` bytes (413 beyond).
    static func body(of request: Request) async throws -> JSONValue {
        try json(try await bytes(of: request))
    }

    /// The request body as it came, at most ``maximumJSONBodySize`` bytes (413 beyond).
    static func bytes(of request: Request) async throws -> Data {
        var request = request
        do {
            return Data(try await request.collectBody(upTo: maximumJSONBodySize).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw UserAPIError.tooLarge("request body", limit: maximumJSONBodySize)
        }
    }

    /// `data` read as JSON; 400 when it is not.
    static func json(_ data: Data) throws -> JSONValue {
        do {
            return try JSONValue.decode(data)
        } catch {
            throw InvalidField(field: "body", reason: "it is not valid JSON")
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        BackendAPI.json(value, status: status)
    }
}
