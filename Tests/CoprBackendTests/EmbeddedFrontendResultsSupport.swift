import AsyncHTTPClient
import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Logging
import NIOCore

/// The embedded frontend's result parts (the results tree, the log API, the repo files)
/// served on 127.0.0.1 over real HTTP, with a store and a destdir in a temporary directory.
final class ResultsTestServer: Sendable, StoppableServer {
    let store: FrontendStore
    let layout: ResultsLayout
    /// The temporary directory holding destdir (`<directory>/results`) and the store.
    let directory: String
    let port: Int
    private let server: Task<Void, any Error>
    /// Does not follow redirects, so that tests see them.
    private let client: HTTPClient

    /// `http://127.0.0.1:<port>`: the frontend's public URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var destdir: String { layout.destdir }

    private init(store: FrontendStore, layout: ResultsLayout, directory: String, port: Int, server: Task<Void, any Error>) {
        self.store = store
        self.layout = layout
        self.directory = directory
        self.port = port
        self.server = server
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    }

    /// Runs `body` with a fresh server, stopped afterwards.
    static func run(_ body: (ResultsTestServer) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            try await start(in: directory.path).serving(body)
        }
    }

    /// The repo files name the server in their URLs, so it gets a port chosen beforehand.
    private static func start(in directory: String) async throws -> ResultsTestServer {
        let port = try LoopbackPorts.allocate(1)[0]
        let destdir = directory + "/results"
        try FileManager.default.createDirectory(atPath: destdir, withIntermediateDirectories: true)
        let layout = ResultsLayout(destdir: destdir, baseURL: "http://127.0.0.1:\(port)/results")
        let store = try FrontendStore(path: FrontendStore.path(stateDirectory: directory))
        let logger = Logger(label: "results-test") { _ in SwiftLogNoOpLogHandler() }
        let parts: [any FrontendRoutes] = [
            ResultsFiles(layout: layout),
            BuildLogAPI(store: store, layout: layout, logger: logger),
            RepoFiles(store: store, layout: layout, publicURL: "http://127.0.0.1:\(port)"),
        ]
        let (listening, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            let server = FrontendServer(
                host: "127.0.0.1", port: port, limits: FrontendOptions(embedded: true).limits, parts: parts, logger: logger
            ) { port in
                continuation.yield(port)
            }
            try await server.run()
        }
        var iterator = listening.makeAsyncIterator()
        guard await iterator.next() == port else { throw TestSupportError.unexpected("the frontend did not start on port \(port)") }
        return ResultsTestServer(store: store, layout: layout, directory: directory, port: port, server: server)
    }

    func stop() async {
        server.cancel()
        _ = await server.result
        try? await client.shutdown()
        try? store.close()
    }

    // MARK: HTTP

    /// A received answer.
    struct Answer: Sendable {
        let status: Int
        /// Header fields, names lowercased.
        let headers: [String: String]
        let body: Data

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    /// One request to `path` (from `/` on) with `headers`.
    func request(_ method: String = "GET", _ path: String, headers: [String: String] = [:]) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for (name, value) in response.headers { fields[name.lowercased()] = value }
        return Answer(status: Int(response.status.code), headers: fields, body: Data(body.readableBytesView))
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Answer {
        try await request("GET", path, headers: headers)
    }

    /// The status and body curl gets for `path` sent byte for byte (`--path-as-is`: no
    /// `..` resolved, no encoding undone), as an attacker would send it.
    func rawGet(_ path: String) async throws -> (status: Int, body: String) {
        let marker = "\n--status--"
        let output = try await ProcessRunner().capture(
            "curl", ["-s", "--path-as-is", "-w", "\(marker)%{http_code}", baseURL + path], timeout: .seconds(30))
        guard output.exit.isSuccess, let range = output.standardOutput.range(of: marker, options: .backwards) else {
            throw TestSupportError.unexpected("curl \(path) failed: \(output.exit) \(output.standardError)")
        }
        return (Int(output.standardOutput[range.upperBound...]) ?? 0, String(output.standardOutput[..<range.lowerBound]))
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
        guard output.exit.isSuccess else { throw TestSupportError.unexpected("gzip failed: \(output.standardError)") }
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

    /// Reports `task` in `status`, as the backend's update does.
    func report(_ task: TaskID, _ status: BuildStatus, packageName: String? = nil) async throws {
        let report = TaskReport(
            task: task, status: status, startedOn: 1_700_000_000, endedOn: status.isTerminal ? 1_700_000_100 : nil,
            packageName: packageName, packageVersion: packageName.map { _ in "1.0-1" },
            srpmURL: packageName.map { "https://example.org/\($0)-1.0-1.src.rpm" })
        _ = try await store.applyUpdates([report])
    }
}
