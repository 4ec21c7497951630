import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The embedded frontend's read side (the results tree, the log API, the repo files,
/// Copr's API v3) answered in process (``FrontendRouterTest``), with a store and a destdir in a
/// temporary directory.
struct ResultsTestApp: Sendable {
    /// The URL the frontend is told users reach it at: the repo files name it.
    static let publicURL = "http://frontend.test:5007"

    let store: FrontendStore
    let layout: ResultsLayout
    /// The temporary directory holding destdir (`<directory>/results`) and the store.
    let directory: String
    private let client: any TestClientProtocol

    var destdir: String { layout.destdir }

    /// Runs `body` with a fresh frontend in a temporary directory, which decompresses at
    /// most `decompressedLogLimit` bytes of a log.
    static func run(
        decompressedLogLimit: Int = ResultsFiles.defaultDecompressedLogLimit, _ body: @Sendable (ResultsTestApp) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let destdir = directory + "/results"
            try FileManager.default.createDirectory(atPath: destdir, withIntermediateDirectories: true)
            let layout = ResultsLayout(destdir: destdir, baseURL: "\(publicURL)/results")
            try await FrontendRouterTest.run(in: directory) { store in
                let userAPI = UserAPI(
                    store: store, layout: layout, publicURL: publicURL, uploadDirectory: directory + "/uploads",
                    maximumUploadSize: 1024, sourceURLs: SourceURLRule(listenHosts: [], resolver: TestHostResolver()),
                    resultsActions: QueuedResultsActions(store: store, layout: layout) {}, logger: FrontendRouterTest.logger)
                return [
                    ResultsFiles(layout: layout, decompressedLogLimit: decompressedLogLimit),
                    BuildLogAPI(store: store, layout: layout, logger: FrontendRouterTest.logger),
                    RepoFiles(store: store, layout: layout, publicURL: publicURL),
                    APIv3(store: store, layout: layout, actions: userAPI, logger: FrontendRouterTest.logger),
                ]
            } body: { client, store in
                try await body(ResultsTestApp(store: store, layout: layout, directory: directory, client: client))
            }
        }
    }

    // MARK: HTTP

    /// One request to `path` (from `/` on, taken as it is) with `headers`.
    func request(_ method: String = "GET", _ path: String, headers: HTTPFields = [:]) async throws -> TestAnswer {
        try await client.send(method, path, headers: headers)
    }

    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestAnswer {
        try await request("GET", path, headers: headers)
    }

    /// Expects each GET of `uri` refused with `status` and Copr's `{"error": …}` saying `message`.
    func expectRefusals(_ cases: [(uri: String, status: Int, message: String)]) async throws {
        for (uri, status, message) in cases {
            let answer = try await get(uri)
            #expect(answer.status == status, "\(uri)")
            #expect(answer.json?["error"]?.stringValue?.contains(message) == true, "\(uri): \(answer.text)")
        }
    }

    // MARK: Files

    /// Writes `contents` to `relative` below destdir, creating its directories.
    func write(_ contents: Data, to relative: String) throws {
        let path = layout.path(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: path))
    }

    func write(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }

    /// Compresses `relative` below destdir with the real gzip, as the backend does after a
    /// build: `<file>.gz` replaces `<file>`.
    func gzip(_ relative: String) async throws {
        let output = try await ProcessRunner().capture("gzip", [layout.path(relative)], timeout: .seconds(60))
        guard output.exit.isSuccess else { throw FixtureError("gzip failed: \(output.standardError)") }
    }

    // MARK: Builds

    /// Creates `jdoe/hello` (by default) and submits a build of it; returns the build.
    func submitBuild(
        owner: String = "jdoe", project: String = "hello", chroots: [String] = ["fedora-41-x86_64", "epel-9-aarch64"]
    ) async throws -> BuildOverview {
        _ = try await store.createProject(NewProject(owner: owner, name: project, chroots: chroots))
        return try await store.submitBuild(BuildSubmission(
            owner: owner, project: project, submitter: owner,
            source: .specURL("https://example.org/hello.spec")))
    }

    /// Reports `task` in `status`, as the backend's update does, with its result
    /// directory when given.
    func report(_ task: TaskID, _ status: BuildStatus, packageName: String? = nil, resultDir: String? = nil) async throws {
        let report = TaskReport(
            task: task, status: status, startedOn: 1_700_000_000.75, endedOn: status.isTerminal ? 1_700_000_100.5 : nil,
            resultDir: resultDir,
            packageName: packageName, packageVersion: packageName.map { _ in "1.0-1" },
            srpmURL: packageName.map { "https://example.org/\($0)-1.0-1.src.rpm" })
        _ = try await store.applyUpdates([report])
    }
}
