import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting

/// The web pages answered in process (``FrontendRouterTest``) beside the parts whose
/// prefixes they must leave alone (the log API, the results tree, the repo files), with a
/// store and a destdir in a temporary directory.
struct WebTestApp: Sendable {
    static let publicURL = "http://frontend.test:5007"
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]

    let store: FrontendStore
    let layout: ResultsLayout
    /// Where the forms' uploads are stored.
    let uploadDirectory: String
    private let client: any TestClientProtocol

    /// Runs `body` against the pages; the user API is told the deployment signs when `signs`.
    static func run(signs: Bool = false, _ body: @Sendable (WebTestApp) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let layout = ResultsLayout(destdir: directory + "/results", baseURL: "\(publicURL)/results")
            try FileManager.default.createDirectory(atPath: layout.destdir, withIntermediateDirectories: true)
            try await FrontendRouterTest.run(in: directory) { store in
                parts(store: store, layout: layout, directory: directory, signs: signs) + [
                    BuildLogAPI(store: store, layout: layout, logger: FrontendRouterTest.logger),
                    ResultsFiles(layout: layout),
                    RepoFiles(store: store, layout: layout, publicURL: publicURL),
                ]
            } body: { client, store in
                try await body(WebTestApp(store: store, layout: layout, uploadDirectory: directory + "/uploads", client: client))
            }
        }
    }

    /// The web pages (reading `farm`, if any) and the sign-in routes over `store`, with
    /// the user API the pages' forms use (told the deployment signs when `signs`).
    static func parts(
        store: FrontendStore, layout: ResultsLayout, directory: String, farm: (any FarmStatusSource)? = nil, signs: Bool = false
    ) -> [any FrontendRoutes] {
        let actions = UserAPI(
            store: store, layout: layout, publicURL: publicURL, uploadDirectory: directory + "/uploads", maximumUploadSize: 1024,
            sourceURLs: SourceURLRule(listenHosts: [], resolver: TestHostResolver()),
            resultsActions: QueuedResultsActions(store: store, layout: layout) {}, signerConfigured: signs, logger: FrontendRouterTest.logger)
        return [
            try! WebInterface(store: store, layout: layout, publicURL: publicURL, actions: actions, farm: farm),
            try! WebSignIn(store: store, sessions: WebSessions(store: store, publicURL: publicURL), logger: FrontendRouterTest.logger),
        ]
    }

    /// The files stored in ``uploadDirectory``.
    func uploadedFiles() -> [String] {
        UserAPITestApp.files(in: uploadDirectory)
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestAnswer {
        try await client.send("GET", path, headers: headers)
    }

    func post(_ path: String, headers: HTTPFields, body: Data) async throws -> TestAnswer {
        try await client.send("POST", path, headers: headers, body: body)
    }

    /// Creates a project (`jdoe/hello` unless told) with `settings`.
    @discardableResult
    func createProject(
        owner: String = "jdoe", name: String = "hello", settings: ProjectSettingsChanges = ProjectSettingsChanges()
    ) async throws -> Project {
        try await store.createProject(NewProject(owner: owner, name: name, chroots: Self.chroots, settings: settings))
    }

    /// Submits a build of `owner/project` whose source build then succeeds as `package`,
    /// and reports each chroot in `states` (chroot → state); returns its id.
    @discardableResult
    func build(
        owner: String = "jdoe", project: String = "hello", package: String = "hello", states: [String: BuildStatus] = [:]
    ) async throws -> Int {
        let build = try await store.submitBuild(BuildSubmission(
            owner: owner, project: project, submitter: owner.hasPrefix("@") ? "jdoe" : owner, source: .specURL("https://example.org/\(package).spec")))
        let id = build.build.id
        try await report(.source(buildID: id), .succeeded, packageName: package)
        for (chroot, state) in states {
            try await report(.rpm(buildID: id, chroot: chroot), state, resultDir: ResultsLayout.taskDirectoryName(buildID: id, packageName: package, sourceBuild: false))
        }
        return id
    }

    /// Reports `task` in `status`, as the backend's update does.
    func report(_ task: TaskID, _ status: BuildStatus, packageName: String? = nil, resultDir: String? = nil) async throws {
        let report = TaskReport(
            task: task, status: status, startedOn: 1_700_000_000, endedOn: status.isTerminal ? 1_700_000_125 : nil,
            resultDir: resultDir, packageName: packageName, packageVersion: packageName.map { _ in "1.0-1" },
            srpmURL: packageName.map { "https://example.org/\($0)-1.0-1.src.rpm" })
        _ = try await store.applyUpdates([report])
    }

    /// Writes `text` to `relative` below destdir, creating its directories.
    func write(_ text: String, to relative: String) throws {
        let path = layout.path(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
