import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Logging

/// An embedded frontend for tests: a store in a temporary SQLite file and its backend
/// API served on 127.0.0.1 with a free port, over real HTTP.
final class EmbeddedFrontendTestServer: Sendable, StoppableServer {
    static let password = "frontend-auth"
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]

    let store: FrontendStore
    let databasePath: String
    let port: Int
    private let server: Task<Void, any Error>
    private let wakeUps: LockedValue<Int>

    /// `http://127.0.0.1:<port>`: the backend's `frontend_base_url`.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// How often the store announced work.
    var workAnnouncements: Int { wakeUps.value }

    private init(store: FrontendStore, databasePath: String, port: Int, server: Task<Void, any Error>, wakeUps: LockedValue<Int>) {
        self.store = store
        self.databasePath = databasePath
        self.port = port
        self.server = server
        self.wakeUps = wakeUps
    }

    /// Opens the store at `databasePath` (creating it) and serves it.
    static func start(databasePath: String) async throws -> EmbeddedFrontendTestServer {
        let wakeUps = LockedValue(0)
        let store = try FrontendStore(path: databasePath) { wakeUps.withLock { $0 += 1 } }
        let logger = Logger(label: "embedded-frontend-test") { _ in SwiftLogNoOpLogHandler() }
        let api = BackendAPI(store: store, password: password, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            let server = FrontendServer(
                host: "127.0.0.1", port: 0, limits: FrontendOptions(embedded: true).limits, parts: [api], logger: logger
            ) { port in
                continuation.yield(port)
            }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestSupportError.unexpected("the frontend did not start") }
        return EmbeddedFrontendTestServer(store: store, databasePath: databasePath, port: port, server: server, wakeUps: wakeUps)
    }

    /// Stops serving and closes the store.
    func stop() async {
        server.cancel()
        _ = await server.result
        try? store.close()
    }

    /// Runs `body` with a fresh frontend in a temporary directory, stopped afterwards.
    static func run(_ body: (EmbeddedFrontendTestServer) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            try await start(databasePath: FrontendStore.path(stateDirectory: directory.path)).serving(body)
        }
    }

    // MARK: HTTP

    /// A request to `/backend/<path>`; writes carry the password unless told otherwise.
    func send(_ method: String, _ path: String, body: String? = nil, password: String? = EmbeddedFrontendTestServer.password) async throws -> TestHTTP.Response {
        try await TestHTTP.send(method, "\(baseURL)/backend/\(path)", body: body.map { Data($0.utf8) }, password: password)
    }

    func get(_ path: String) async throws -> TestHTTP.Response {
        try await send("GET", path, password: nil)
    }

    /// `POST update/` with one job dict.
    @discardableResult
    func update(_ build: JSONValue) async throws -> TestHTTP.Response {
        try await send("POST", "update/", body: Self.text(["builds": [build]]))
    }

    /// The backend's `FrontendClient` pointed at this server.
    func client(password: String = EmbeddedFrontendTestServer.password) -> FrontendClient {
        FrontendClient(
            baseURL: baseURL, password: password,
            policy: FrontendRetryPolicy(maxAttempts: 2, step: .milliseconds(50), requestTimeout: .seconds(5)),
            logger: Logger(label: "frontend-client") { _ in SwiftLogNoOpLogHandler() })
    }

    // MARK: Fixtures

    /// Creates project `jdoe/hello` with ``chroots``.
    @discardableResult
    func createProject(owner: String = "jdoe", name: String = "hello", chroots: [String] = EmbeddedFrontendTestServer.chroots) async throws -> Project {
        try await store.createProject(NewProject(owner: owner, name: name, chroots: chroots))
    }

    /// Submits a build from git to `jdoe/hello`; returns its id.
    func submit(
        source: BuildSource = .git(cloneURL: "https://git.example.org/hello.git", committish: "main", subdirectory: ""),
        background: Bool = false, chroots: [String]? = nil
    ) async throws -> Int {
        try await store.submitBuild(
            BuildSubmission(owner: "jdoe", project: "hello", submitter: "alice", source: source, chroots: chroots, background: background)
        ).build.id
    }

    /// A job dict like the backend's `to_dict()`, with the fields the frontend reads.
    static func job(
        _ taskID: String, status: Int, extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        let buildID = Int(taskID.prefix { $0.isNumber }) ?? 0
        let chroot = taskID.contains("-") ? String(taskID.drop { $0 != "-" }.dropFirst()) : "srpm-builds"
        var job: [String: JSONValue] = [
            "id": .int(buildID), "build_id": .int(buildID), "task_id": .string(taskID), "chroot": .string(chroot),
            "status": .int(status), "started_on": .double(1_700_000_000.5), "ended_on": status <= 1 ? .double(1_700_000_100.25) : .null,
            "result_dir": .string(String(format: "%08d", buildID)), "project_owner": "jdoe", "project_dirname": "hello",
        ]
        job.merge(extra) { $1 }
        return .object(job)
    }

    /// Reports the source build of `buildID` succeeded with package hello 1.0-1.
    func succeedSource(_ buildID: Int) async throws {
        let response = try await update(Self.job(String(buildID), status: 1, extra: [
            "pkg_name": "hello", "pkg_version": "1.0-1",
            "srpm_url": .string("http://results.test/results/jdoe/hello/srpm-builds/\(String(format: "%08d", buildID))/hello-1.0-1.src.rpm"),
        ]))
        guard response.status == 200 else { throw TestSupportError.unexpected("update answered \(response.status): \(response.text)") }
    }

    static func text(_ value: JSONValue) -> String {
        String(decoding: (try? value.encoded()) ?? Data(), as: UTF8.self)
    }
}
