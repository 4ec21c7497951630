import AsyncHTTPClient
import CoprBackend
import CoprCore
import CoprFrontend
import CoprHTTPServer
import CoprTestSupport
import Foundation
import Logging
import NIOCore

/// The whole embedded frontend over real HTTP, for the tests where a real peer is the
/// point (the backend's `FrontendClient`, a worker, hostile connections, a streamed
/// upload, dnf): the backend API, the user API, Copr's API v3, the uploads, the results tree, the log API
/// and the repo files of a store and a destdir in a state directory, served on 127.0.0.1
/// within the listener limits a test chooses. It listens on a port chosen beforehand,
/// because the repo files and upload URLs name it.
final class EmbeddedFrontendTestServer: Sendable, StoppableServer {
    static let password = "frontend-auth"
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]
    static let maximumUploadSize = 64 * 1024

    let store: FrontendStore
    /// The state directory: the store, `results/` (destdir) and `uploads/`.
    let directory: String
    let layout: ResultsLayout
    let port: Int
    /// What the frontend logged, down to debug.
    let log: LogRecorder
    /// `Basic <login:token>` of site admin `jdoe`: the Authorization header of the user
    /// API's writes.
    let authorization: String
    private let server: TestServerRun

    /// `http://127.0.0.1:<port>`: the backend's `frontend_base_url` and the public URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var uploadDirectory: String { directory + "/uploads" }

    private init(
        store: FrontendStore, directory: String, layout: ResultsLayout, port: Int, log: LogRecorder, authorization: String,
        server: TestServerRun
    ) {
        self.store = store
        self.authorization = authorization
        self.directory = directory
        self.layout = layout
        self.port = port
        self.log = log
        self.server = server
    }

    /// Runs `body` with a fresh frontend in a temporary directory, stopped afterwards;
    /// `limits` are those of its listener (by default `[frontend]`'s defaults).
    static func run(
        limits: ListenerLimits = FrontendOptions(embedded: true).limits, _ body: (EmbeddedFrontendTestServer) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            try await start(in: directory.path, limits: limits).serving(body)
        }
    }

    /// Opens the store of state directory `directory` (creating it) and serves it.
    static func start(
        in directory: String, limits: ListenerLimits = FrontendOptions(embedded: true).limits
    ) async throws -> EmbeddedFrontendTestServer {
        let port = try LoopbackPorts.allocate(1)[0]
        let publicURL = "http://127.0.0.1:\(port)"
        let layout = ResultsLayout(destdir: directory + "/results", baseURL: publicURL + "/results")
        try FileManager.default.createDirectory(atPath: layout.destdir, withIntermediateDirectories: true)
        let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory))
        try await store.addUser("jdoe", siteAdmin: true)
        let token = try await store.issueToken(for: "jdoe", lifetime: 3600)
        let authorization = "Basic " + Data("\(token.id):\(token.secret)".utf8).base64EncodedString()
        let log = LogRecorder()
        let logger = log.logger(label: "embedded-frontend-test")
        let userAPI = UserAPI(
            store: store, layout: layout, publicURL: publicURL, uploadDirectory: directory + "/uploads",
            maximumUploadSize: maximumUploadSize, sourceURLs: SourceURLRule(listenHosts: ["127.0.0.1"]),
            resultsActions: QueuedResultsActions(store: store, layout: layout) {}, logger: logger)
        let parts: [any FrontendRoutes] = [
            BackendAPI(store: store, layout: layout, password: password, logger: logger),
            userAPI,
            APIv3(store: store, layout: layout, actions: userAPI, logger: logger),
            UploadFiles(uploadDirectory: directory + "/uploads"),
            ResultsFiles(layout: layout),
            BuildLogAPI(store: store, layout: layout, logger: logger),
            RepoFiles(store: store, layout: layout, publicURL: publicURL),
        ]
        let (listening, continuation) = AsyncStream<Int>.makeStream()
        let server = TestServerRun(
            FrontendServer(host: "127.0.0.1", port: port, limits: limits, parts: parts, logger: logger) { port in
                continuation.yield(port)
            },
            logger: logger)
        var iterator = listening.makeAsyncIterator()
        guard await iterator.next() == port else { throw TestSupportError.unexpected("the frontend did not start on port \(port)") }
        return EmbeddedFrontendTestServer(
            store: store, directory: directory, layout: layout, port: port, log: log, authorization: authorization, server: server)
    }

    /// Stops serving and closes the store.
    func stop() async {
        await server.stop()
        try? store.close()
    }

    /// The backend's `FrontendClient` pointed at this server.
    func client(password: String = EmbeddedFrontendTestServer.password) -> FrontendClient {
        FrontendClient(
            baseURL: baseURL, password: password,
            policy: FrontendRetryPolicy(maxAttempts: 2, step: .milliseconds(50), requestTimeout: .seconds(5)),
            logger: Logger(label: "frontend-client") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Uploads `chunks` to `jdoe/hello` without announcing the length (chunked transfer
    /// encoding), so the server only finds the size while reading.
    func uploadChunked(_ chunks: [Data], query: String) async throws -> (status: Int, json: JSONValue?) {
        var request = HTTPClientRequest(url: "\(baseURL)/api/projects/jdoe/hello/builds/upload?\(query)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "Authorization", value: authorization)
        let (buffers, continuation) = AsyncStream<ByteBuffer>.makeStream()
        for chunk in chunks { continuation.yield(ByteBuffer(bytes: chunk)) }
        continuation.finish()
        request.body = .stream(buffers, length: .unknown)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? JSONValue.parse(Data(body.readableBytesView)))
    }

    // MARK: Fixtures

    /// Creates project `jdoe/hello` with ``chroots``.
    @discardableResult
    func createProject(owner: String = "jdoe", name: String = "hello", chroots: [String] = EmbeddedFrontendTestServer.chroots) async throws -> Project {
        try await store.createProject(NewProject(owner: owner, name: name, chroots: chroots))
    }

    /// Submits a build from git to `jdoe/hello` (to `chroots`, by default all of the
    /// project's); returns its id.
    func submit(chroots: [String]? = nil) async throws -> Int {
        let source = BuildSource.git(cloneURL: "https://git.example.org/hello.git", committish: "main", subdirectory: "")
        return try await store.submitBuild(
            BuildSubmission(owner: "jdoe", project: "hello", submitter: "alice", source: source, chroots: chroots)
        ).build.id
    }

    /// The files below the upload directory (none when it does not exist).
    func uploadedFiles() -> [String] {
        let files = FileManager.default.enumerator(atPath: uploadDirectory)?.compactMap { $0 as? String } ?? []
        return files.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(uploadDirectory)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}
