import CoprCore
import CoprFrontend
import Foundation
import Hummingbird
import HummingbirdTesting

/// The embedded frontend's user API, Copr's API v3, its log route, uploads and backend API answered in process
/// (``FrontendRouterTest``). Results live under a temporary destdir; deleting a build or a
/// project and making repositories queue actions (``QueuedResultsActions``), which no
/// backend carries out here: ``queuedActions(_:)`` lists them. Requests are sent by site
/// admin `jdoe` unless a test names another ``TestRequester``.
struct UserAPITestApp: Sendable {
    static let chroots = ["fedora-41-x86_64", "epel-9-aarch64"]
    static let maximumUploadSize = 64 * 1024
    /// The base URL the user API is told it is reached at: every URL in an answer starts
    /// with it, and ``follow(_:)`` takes such a URL back to the router.
    static let publicURL = "http://frontend.test:5007"
    /// A source any submission may use.
    static let srpmURL: JSONValue = ["type": "srpm_url", "url": "https://example.org/hello-1.0-1.src.rpm"]

    let store: FrontendStore
    /// `[backend] destdir` of the results tree.
    let destdir: String
    let uploadDirectory: String
    /// The token of site admin `jdoe`, who sends requests by default.
    let adminToken: APIToken
    /// The user API the routes are served by.
    let userAPI: UserAPI
    private let client: any TestClientProtocol

    /// The `data` of each waiting action of `type` (an `object_type` too, if given), in
    /// the order they were queued.
    func queuedActions(_ type: ActionType, objectType: String? = nil) async throws -> [JSONValue] {
        try await store.queuedActions(type, objectType: objectType)
    }

    /// The chroots of each waiting createrepo action, in order.
    func createrepoChroots() async throws -> [[String]] {
        try await queuedActions(.createrepo).map { ($0["chroots"]?.arrayValue ?? []).compactMap(\.stringValue) }
    }

    /// Runs `body` with a fresh frontend in a temporary directory. `listenHosts` are where
    /// the frontend and the daemon are taken to listen: submitted URLs may not reach them.
    /// `signerConfigured` and `queue` are what the daemon would tell the user API, and
    /// `chrootOffer` the deployment's chroots (nil: any).
    static func run(
        listenHosts: [String] = ["127.0.0.1"], signerConfigured: Bool = true, queue: (any QueueReporter)? = nil,
        chrootOffer: ChrootOffer? = nil,
        _ body: @Sendable (UserAPITestApp) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let destdir = directory + "/results", uploadDirectory = directory + "/uploads"
            try FileManager.default.createDirectory(atPath: destdir, withIntermediateDirectories: true)
            let layout = ResultsLayout(destdir: destdir, baseURL: "\(publicURL)/results")
            let served = LockedValue<UserAPI?>(nil)
            try await FrontendRouterTest.run(in: directory, chrootOffer: chrootOffer) { store in
                let resultsActions = QueuedResultsActions(store: store, layout: layout) {}
                let userAPI = UserAPI(
                    store: store, layout: layout, publicURL: publicURL, uploadDirectory: uploadDirectory,
                    maximumUploadSize: maximumUploadSize,
                    sourceURLs: SourceURLRule(listenHosts: listenHosts, resolver: TestHostResolver()),
                    resultsActions: resultsActions, signerConfigured: signerConfigured, queue: queue, logger: FrontendRouterTest.logger)
                served.withLock { $0 = userAPI }
                return [
                    BackendAPI(store: store, layout: layout, password: "frontend-auth", logger: FrontendRouterTest.logger),
                    userAPI,
                    UploadFiles(uploadDirectory: uploadDirectory),
                    BuildLogAPI(store: store, layout: layout, logger: FrontendRouterTest.logger),
                    APIv3(store: store, layout: layout, actions: userAPI, logger: FrontendRouterTest.logger),
                    Webhooks(store: store, actions: userAPI, logger: FrontendRouterTest.logger),
                ]
            } body: { client, store in
                try await store.addUser("jdoe", siteAdmin: true)
                let adminToken = try await store.issueToken(for: "jdoe", lifetime: 3600)
                try await body(UserAPITestApp(
                    store: store, destdir: destdir, uploadDirectory: uploadDirectory, adminToken: adminToken, userAPI: served.value!,
                    client: client))
            }
        }
    }

    /// The sweep of expired projects over this frontend, at the time `now`.
    func expirySweep(now: Double, interval: Duration = .seconds(3600)) -> ProjectExpirySweep {
        ProjectExpirySweep(store: store, actions: userAPI, interval: interval, clock: { now }, logger: FrontendRouterTest.logger)
    }

    // MARK: HTTP

    /// A request to `/api/<path>` with `json` as the body, sent by `requester`.
    func api(_ method: String, _ path: String, json: JSONValue? = nil, as requester: TestRequester = .siteAdmin) async throws -> TestAnswer {
        var headers = requester.headers(admin: adminToken)
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.send(method, "/api/\(path)", headers: headers, body: try json?.encoded())
    }

    /// A request to Copr's API v3, `/api_3/<path>`, with `json` as the body, sent by `requester`.
    func v3(_ method: String, _ path: String, json: JSONValue? = nil, as requester: TestRequester = .siteAdmin) async throws -> TestAnswer {
        var headers = requester.headers(admin: adminToken)
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.send(method, "/api_3/\(path)", headers: headers, body: try json?.encoded())
    }

    /// A multipart upload to Copr's API v3 as python-copr sends it: part `pkgs` with
    /// `contents` named `fileName`, then part `json` with `fields`, and the closing
    /// boundary unless `closed` is false (a body that breaks off).
    func v3Upload(
        _ contents: Data, fileName: String, fields: JSONValue, closed: Bool = true, as requester: TestRequester = .siteAdmin
    ) async throws -> TestAnswer {
        let boundary = "66765e28a2574a0fb71ca195c56609c3"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"pkgs\"; filename=\"\(fileName)\"\r\n".utf8)
        body += Data("Content-Type: application/x-rpm\r\n\r\n".utf8) + contents
        body += Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"json\"; filename=\"json\"\r\n".utf8)
        body += Data("Content-Type: application/json\r\n\r\n".utf8) + (try fields.encoded()) + Data((closed ? "\r\n--\(boundary)--\r\n" : "").utf8)
        var headers = requester.headers(admin: adminToken)
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await client.send("POST", "/api_3/build/create/upload", headers: headers, body: body)
    }

    /// A write to Copr's API v3 as python-copr's `FileRequest` sends it (copr-cli
    /// `edit-chroot`): `multipart/form-data` with one part `json` holding `fields`.
    func v3Form(_ method: String, _ path: String, fields: JSONValue, as requester: TestRequester = .siteAdmin) async throws -> TestAnswer {
        var body = Data("--\(Self.formBoundary)\r\nContent-Disposition: form-data; name=\"json\"; filename=\"json\"\r\n".utf8)
        body += Data("Content-Type: application/json\r\n\r\n".utf8) + (try fields.encoded()) + Data("\r\n--\(Self.formBoundary)--\r\n".utf8)
        return try await v3Form(method, path, body: body, as: requester)
    }

    /// The boundary of ``v3Form(_:_:fields:as:)``'s bodies.
    static let formBoundary = "0b9e4d1c3f7a4e2b8c6d5a4f3e2d1c0b"

    /// A `multipart/form-data` write to Copr's API v3 with `body` as it is, its boundary ``formBoundary``.
    func v3Form(_ method: String, _ path: String, body: Data, as requester: TestRequester = .siteAdmin) async throws -> TestAnswer {
        var headers = requester.headers(admin: adminToken)
        headers[.contentType] = "multipart/form-data; boundary=\(Self.formBoundary)"
        return try await client.send(method, "/api_3/\(path)", headers: headers, body: body)
    }

    /// A request to `/api/<path>` with `body` as it is.
    func api(_ method: String, _ path: String, text body: String) async throws -> TestAnswer {
        var headers = TestRequester.siteAdmin.headers(admin: adminToken)
        headers[.contentType] = "application/json"
        return try await client.send(method, "/api/\(path)", headers: headers, body: Data(body.utf8))
    }

    /// Uploads `contents` to `jdoe/hello` with `query` (`filename=…&chroots=…`).
    func upload(
        _ contents: Data, query: String, project: String = "jdoe/hello", as requester: TestRequester = .siteAdmin
    ) async throws -> TestAnswer {
        var headers = requester.headers(admin: adminToken)
        headers[.contentType] = "application/octet-stream"
        return try await client.send("POST", "/api/projects/\(project)/builds/upload?\(query)", headers: headers, body: contents)
    }

    /// A new user `login` with a token (a member of `groups`); returns the token.
    @discardableResult
    func user(_ login: String, groups: [String] = [], siteAdmin: Bool = false) async throws -> APIToken {
        try await store.addUser(login, siteAdmin: siteAdmin, groups: groups)
        return try await store.issueToken(for: login, lifetime: 3600)
    }

    /// A POST of `body` to `path` below the frontend with `headers` and no API token, as a forge sends a webhook.
    func post(_ path: String, headers: HTTPFields = [:], body: Data) async throws -> TestAnswer {
        try await client.send("POST", path, headers: headers, body: body)
    }

    /// GET of `path` below the frontend (`/uploads/…`, `/backend/…`).
    func get(_ path: String) async throws -> TestAnswer {
        try await client.send("GET", path)
    }

    /// GET of a URL the API answered, which starts with ``publicURL``.
    func follow(_ url: String) async throws -> TestAnswer {
        guard url.hasPrefix(Self.publicURL) else { throw FixtureError("\(url) is not below \(Self.publicURL)") }
        return try await get(String(url.dropFirst(Self.publicURL.count)))
    }

    // MARK: Fixtures

    /// Creates `jdoe/hello` with ``chroots`` over the API.
    func createProject(owner: String = "jdoe", name: String = "hello", chroots: [String] = UserAPITestApp.chroots) async throws {
        let response = try await api("POST", "projects", json: [
            "owner": .string(owner), "name": .string(name), "chroots": .array(chroots.map(JSONValue.string)),
        ])
        guard response.status == 201 else { throw FixtureError("creating the project answered \(response.status): \(response.text)") }
    }

    /// Submits `source` to `jdoe/hello` over the API; returns the build.
    func submit(_ source: JSONValue, options: [String: JSONValue] = [:]) async throws -> JSONValue {
        var body = options
        body["source"] = source
        let response = try await api("POST", "projects/jdoe/hello/builds", json: .object(body))
        guard response.status == 201, let build = response.json else {
            throw FixtureError("submitting answered \(response.status): \(response.text)")
        }
        return build
    }

    /// The files below the upload directory (none when it does not exist).
    func uploadedFiles() -> [String] {
        Self.files(in: uploadDirectory)
    }

    /// The regular files below `directory`, by their relative paths.
    static func files(in directory: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return files.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory) && !isDirectory.boolValue
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

extension FrontendStore {
    /// The `data` of each waiting action of `type` (an `object_type` too, if given), in
    /// the order they were queued.
    func queuedActions(_ type: ActionType, objectType: String? = nil) async throws -> [JSONValue] {
        var found: [JSONValue] = []
        for entry in try await pendingActions() {
            let record = try await actionRecord(id: entry["id"]?.intValue ?? 0)
            guard record["action_type"]?.intValue == type.rawValue, objectType == nil || record["object_type"]?.stringValue == objectType
            else { continue }
            found.append(try JSONValue.decode(Data((record["data"]?.stringValue ?? "null").utf8)))
        }
        return found
    }
}
