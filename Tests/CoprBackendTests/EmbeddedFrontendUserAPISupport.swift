import AsyncHTTPClient
import CoprBackend
import CoprCore
import CoprFrontend
import CoprHTTPServer
import CoprTestSupport
import Foundation
import Logging
import NIOCore

/// An embedded frontend for user API tests: a store, the user API, the uploads and the
/// backend API served on 127.0.0.1 with a free port, over real HTTP. Results live under a
/// temporary destdir; deleting a build removes them with the real ``ResultsDirectoryRemover``,
/// whose repository hook is recorded here (and can be made to fail).
final class UserAPITestServer: Sendable, StoppableServer {
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]
    static let maximumUploadSize = 64 * 1024
    /// The base URL the user API is told it is reached at; the server itself listens on
    /// a free port, so every URL in an answer starting with this shows it is the one used.
    static let publicURL = "http://frontend.test:5007"

    let store: FrontendStore
    let port: Int
    /// `[backend] destdir` of the results tree.
    let destdir: String
    let uploadDirectory: String
    /// What the frontend logged, down to debug.
    let log: LogRecorder
    private let server: Task<Void, any Error>
    private let regenerations: LockedValue<[[String]]>
    private let regenerationFailure: LockedValue<String?>

    /// Where the test reaches the server.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The chroot directories of each call of the repository hook, in order.
    var regeneratedRepositories: [[String]] { regenerations.value }

    private init(
        store: FrontendStore, port: Int, destdir: String, uploadDirectory: String, log: LogRecorder, server: Task<Void, any Error>,
        regenerations: LockedValue<[[String]]>, regenerationFailure: LockedValue<String?>
    ) {
        self.store = store
        self.port = port
        self.destdir = destdir
        self.uploadDirectory = uploadDirectory
        self.log = log
        self.server = server
        self.regenerations = regenerations
        self.regenerationFailure = regenerationFailure
    }

    /// Runs `body` with a fresh frontend in a temporary directory, stopped afterwards.
    /// `listenHosts` are where the frontend and the daemon are taken to listen: submitted
    /// URLs may not reach them (the frontend itself listens on 127.0.0.1 in any case);
    /// `limits` are those of its listener (by default `[frontend]`'s defaults).
    static func run(
        listenHosts: [String] = ["127.0.0.1"], limits: ListenerLimits = FrontendOptions(embedded: true).limits,
        _ body: (UserAPITestServer) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            try await start(in: directory, listenHosts: listenHosts, limits: limits).serving(body)
        }
    }

    private static func start(in directory: TemporaryDirectory, listenHosts: [String], limits: ListenerLimits) async throws -> UserAPITestServer {
        let destdir = directory.appending("results"), uploadDirectory = directory.appending("uploads")
        try FileManager.default.createDirectory(atPath: destdir, withIntermediateDirectories: true)
        let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory.path))
        let log = LogRecorder()
        let logger = log.logger(label: "user-api-test")
        let layout = ResultsLayout(destdir: destdir, baseURL: "\(publicURL)/results")
        let regenerations = LockedValue<[[String]]>([])
        let regenerationFailure = LockedValue<String?>(nil)
        let remover = ResultsDirectoryRemover(layout: layout) { chrootDirectories in
            if let failure = regenerationFailure.value { throw TestSupportError.unexpected(failure) }
            regenerations.withLock { $0.append(chrootDirectories) }
        }
        let parts: [any FrontendRoutes] = [
            BackendAPI(store: store, password: "frontend-auth", logger: logger),
            UserAPI(
                store: store, layout: layout, publicURL: publicURL, uploadDirectory: uploadDirectory,
                maximumUploadSize: maximumUploadSize,
                sourceURLs: SourceURLRule(listenHosts: listenHosts, resolver: TestHostResolver()),
                resultsRemover: remover, logger: logger),
            UploadFiles(uploadDirectory: uploadDirectory),
        ]
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            try await FrontendServer(host: "127.0.0.1", port: 0, limits: limits, parts: parts, logger: logger) { port in
                continuation.yield(port)
            }.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSupportError.unexpected("the frontend did not start") }
        return UserAPITestServer(
            store: store, port: port, destdir: destdir, uploadDirectory: uploadDirectory, log: log, server: server,
            regenerations: regenerations, regenerationFailure: regenerationFailure)
    }

    func stop() async {
        server.cancel()
        _ = await server.result
        try? store.close()
    }

    /// From now on the repository hook throws `message` (nil: it works again).
    func failRegeneration(_ message: String?) {
        regenerationFailure.withLock { $0 = message }
    }

    // MARK: HTTP

    /// A request to `/api/<path>` with `json` as the body.
    func api(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> TestHTTP.Response {
        try await TestHTTP.send(method, "\(baseURL)/api/\(path)", body: try json?.encoded())
    }

    /// A request to `/api/<path>` with `body` as it is.
    func api(_ method: String, _ path: String, text body: String) async throws -> TestHTTP.Response {
        try await TestHTTP.send(method, "\(baseURL)/api/\(path)", body: Data(body.utf8))
    }

    /// Uploads `contents` to `jdoe/hello` with `query` (`filename=…&chroots=…`).
    func upload(_ contents: Data, query: String, project: String = "jdoe/hello") async throws -> TestHTTP.Response {
        try await TestHTTP.send(
            "POST", "\(baseURL)/api/projects/\(project)/builds/upload?\(query)", body: contents, contentType: "application/octet-stream")
    }

    /// Uploads `chunks` to `jdoe/hello` without announcing the length (chunked transfer
    /// encoding), so the server only finds the size while reading.
    func uploadChunked(_ chunks: [Data], query: String) async throws -> (status: Int, json: JSONValue?) {
        var request = HTTPClientRequest(url: "\(baseURL)/api/projects/jdoe/hello/builds/upload?\(query)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        let (buffers, continuation) = AsyncStream<ByteBuffer>.makeStream()
        for chunk in chunks { continuation.yield(ByteBuffer(bytes: chunk)) }
        continuation.finish()
        request.body = .stream(buffers, length: .unknown)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? JSONValue.parse(Data(body.readableBytesView)))
    }

    /// GET of `path` below the server (`/uploads/…`, `/backend/…`).
    func get(_ path: String) async throws -> TestHTTP.Response {
        try await TestHTTP.send("GET", "\(baseURL)\(path)")
    }

    /// GET of a URL the API answered, which starts with ``publicURL``.
    func follow(_ url: String) async throws -> TestHTTP.Response {
        guard url.hasPrefix(Self.publicURL) else { throw TestSupportError.unexpected("\(url) is not below \(Self.publicURL)") }
        return try await get(String(url.dropFirst(Self.publicURL.count)))
    }

    // MARK: Fixtures

    /// Creates `jdoe/hello` with ``chroots`` over the API.
    func createProject(owner: String = "jdoe", name: String = "hello", chroots: [String] = UserAPITestServer.chroots) async throws {
        let response = try await api("POST", "projects", json: [
            "owner": .string(owner), "name": .string(name), "chroots": .array(chroots.map(JSONValue.string)),
        ])
        guard response.status == 201 else { throw TestSupportError.unexpected("creating the project answered \(response.status): \(response.text)") }
    }

    /// Submits `source` to `jdoe/hello` over the API; returns the build.
    func submit(_ source: JSONValue, options: [String: JSONValue] = [:]) async throws -> JSONValue {
        var body = options
        body["source"] = source
        let response = try await api("POST", "projects/jdoe/hello/builds", json: .object(body))
        guard response.status == 201, let build = response.json else {
            throw TestSupportError.unexpected("submitting answered \(response.status): \(response.text)")
        }
        return build
    }

    /// The files below the upload directory (none when it does not exist).
    func uploadedFiles() -> [String] {
        let files = FileManager.default.enumerator(atPath: uploadDirectory)?.compactMap { $0 as? String } ?? []
        return files.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(uploadDirectory)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// Creates `<destdir>/<relative>/` with a file in it, as the backend would have.
    func makeResultDirectory(_ relative: String) throws {
        let path = (destdir as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("built\n".utf8).write(to: URL(fileURLWithPath: "\(path)/builder-live.log"))
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: (destdir as NSString).appendingPathComponent(relative))
    }
}
