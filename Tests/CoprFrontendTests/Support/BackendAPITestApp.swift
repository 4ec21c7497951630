import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting

/// The embedded frontend's Copr backend API answered in process (``FrontendRouterTest``),
/// over a store in a state directory of its own.
struct BackendAPITestApp: Sendable {
    static let password = "frontend-auth"
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]
    /// The results tree task records name repositories in.
    static let layout = ResultsLayout(destdir: "/var/lib/copr/public_html/results", baseURL: "https://copr.example.org/results")

    let store: FrontendStore
    private let client: any TestClientProtocol
    private let wakeUps: LockedValue<Int>

    /// How often the store announced work.
    var workAnnouncements: Int { wakeUps.value }

    /// Runs `body` with the API over the store of `stateDirectory`, by default a fresh
    /// temporary one; returns what `body` returns.
    static func run<T>(stateDirectory: String? = nil, _ body: @Sendable (BackendAPITestApp) async throws -> T) async throws -> T {
        guard let stateDirectory else {
            return try await withTemporaryDirectory { try await run(stateDirectory: $0, body) }
        }
        let wakeUps = LockedValue(0)
        return try await FrontendRouterTest.run(in: stateDirectory, onWork: { wakeUps.withLock { $0 += 1 } }) { store in
            [BackendAPI(store: store, layout: layout, password: password, logger: FrontendRouterTest.logger)]
        } body: { client, store in
            try await body(BackendAPITestApp(store: store, client: client, wakeUps: wakeUps))
        }
    }

    // MARK: HTTP

    /// A request to `/backend/<path>`; writes carry the password unless told otherwise.
    func send(_ method: String, _ path: String, body: String? = nil, password: String? = BackendAPITestApp.password) async throws -> TestAnswer {
        var headers: HTTPFields = body == nil ? [:] : [.contentType: "application/json"]
        if let password {
            headers[.authorization] = "Basic " + Data("user:\(password)".utf8).base64EncodedString()
        }
        return try await client.send(method, "/backend/\(path)", headers: headers, body: body.map { Data($0.utf8) })
    }

    func get(_ path: String) async throws -> TestAnswer {
        try await send("GET", path, password: nil)
    }

    /// `POST update/` with one job dict.
    @discardableResult
    func update(_ build: JSONValue) async throws -> TestAnswer {
        try await send("POST", "update/", body: Self.text(["builds": [build]]))
    }

    // MARK: Fixtures

    /// Creates project `jdoe/hello` with ``chroots``.
    @discardableResult
    func createProject(owner: String = "jdoe", name: String = "hello", chroots: [String] = BackendAPITestApp.chroots) async throws -> Project {
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
        guard response.status == 200 else { throw FixtureError("update answered \(response.status): \(response.text)") }
    }

    static func text(_ value: JSONValue) -> String {
        String(decoding: (try? value.encoded()) ?? Data(), as: UTF8.self)
    }
}
