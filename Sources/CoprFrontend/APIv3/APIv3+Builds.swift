import CoprCore
import Hummingbird

/// The build writes of Copr's API v3 (copr-cli `build` of files and URLs, `buildscm`,
/// `buildpypi`, `cancel`, `delete-build`), each through the user API's action for it, so that it is authorized
/// and checked as there. Builds are submitted by the requester, in the batch
/// `--after-build-id` or `--with-build-id` asks for (``BatchPlacement``); `--enable-net`,
/// `--bootstrap` and `--isolation` are refused (``APIv3Requests``), and so are SCM builds
/// other than git packed by rpkg, which is what this frontend's git source does.
///
/// | Route under `/api_3/` | Answer |
/// |---|---|
/// | `POST build/check-before-build` | `{"message"}` once the requester may build so |
/// | `POST build/create/url` with `{"pkgs": [URL, ...], ...}` | `{"items": [build, ...], "meta": {}}` |
/// | `POST build/create/upload`, multipart: `pkgs` (the SRPM or spec), `json` (as for URLs) | the build (``MultipartUpload``) |
/// | `POST build/create/scm` with `{"clone_url", "committish", "subdirectory", ...}` | the build |
/// | `POST build/create/pypi` with `{"pypi_package_name", "pypi_package_version", "spec_generator", ...}` | the build |
/// | `PUT` (or `POST`) `build/cancel/<id>` | the build |
/// | `DELETE` (or `POST`) `build/delete/<id>` | the build as it was |
/// | `DELETE` (or `POST`) `build/delete/list` with `{"builds": [id, ...]}` | `{"builds": [id, ...]}`, all deleted or none |
extension APIv3 {
    func registerBuildWrites(on routes: RouteCollection<FrontendRequestContext>) {
        let records = self.records
        routes.post("build/check-before-build") { request, context in
            let build = try await buildRequest(try APIv3Requests.buildFields(try await UserAPI.body(of: request), sourceFields: []), context)
            if let order = build.order { try await store.check(order, by: build.account) }
            return Self.json(["message": "It should be safe to submit a build like this"])
        }
        routes.post("build/create/url") { request, context in
            let fields = try APIv3Requests.buildFields(try await UserAPI.body(of: request), sourceFields: ["pkgs"])
            let build = try await buildRequest(fields, context)
            var builds: [BuildOverview] = []
            for url in try Self.urls(fields) {
                builds.append(try await actions.submit(build.submission(.web(url)), by: build.account))
            }
            return Self.json(["items": .array(builds.map(records.build)), "meta": [:]])
        }
        routes.post("build/create/scm") { request, context in
            let fields = try APIv3Requests.buildFields(try await UserAPI.body(of: request), sourceFields: Self.gitSourceFields)
            let build = try await buildRequest(fields, context)
            return Self.json(records.build(try await actions.submit(build.submission(try Self.gitSource(fields)), by: build.account)))
        }
        routes.post("build/create/pypi") { request, context in
            let fields = try APIv3Requests.buildFields(try await UserAPI.body(of: request), sourceFields: PyPISource.fieldNames)
            let build = try await buildRequest(fields, context)
            return Self.json(records.build(try await actions.submit(build.submission(.pypi(try Self.pypiSource(fields))), by: build.account)))
        }
        routes.post("build/create/upload") { request, context in
            Self.json(records.build(try await upload(request, context)))
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("build/cancel/:id", method: method) { _, context in
                Self.json(records.build(try await actions.cancel(buildID: try Self.buildID(context), context)))
            }
        }
        for method in [HTTPRequest.Method.delete, .post] {
            routes.on("build/delete/list", method: method) { request, context in
                let ids = try Self.buildIDs(try await UserAPI.body(of: request))
                _ = try await actions.delete(buildIDs: ids, context)
                return Self.json(["builds": .array(ids.map(JSONValue.int))])
            }
            routes.on("build/delete/:id", method: method) { _, context in
                Self.json(records.build(try await actions.delete(buildID: try Self.buildID(context), context)))
            }
        }
    }

    /// What a build request asks for besides its source, once the requester may build in
    /// its project.
    struct BuildRequest {
        let owner: String
        let project: String
        /// The requester, who submits.
        let account: Account
        let chroots: [String]
        let background: Bool
        let timeout: Int
        let enableNet: Bool?
        let order: BuildOrder?

        func submission(_ source: BuildSource) -> BuildSubmission {
            BuildSubmission(
                owner: owner, project: project, submitter: account.login, source: source, chroots: chroots, background: background,
                timeout: timeout, enableNet: enableNet, order: order)
        }
    }

    /// Reads the project and options of a build request and authorizes the requester to
    /// build in the project; builds are submitted as the requester.
    func buildRequest(_ fields: RequestFields, _ context: FrontendRequestContext) async throws -> BuildRequest {
        let owner = try TaskRules.owner(try fields.requiredString("ownername"), field: "ownername")
        let name = try TaskRules.projectName(try fields.requiredString("projectname"), field: "projectname")
        if let directory = try fields.string("project_dirname"), directory != name {
            throw UserAPIError(
                .badRequest,
                "Bad request parameters: project_dirname \(TaskRules.quoted(directory)) is not supported; this frontend has one directory per project, named as the project")
        }
        let project = try await store.project(owner: owner, name: name)
        let account = try await actions.authorized(.submitBuild, context, owner: owner, project: name)
        let excluded = try fields.strings("exclude_chroots") ?? []
        let chroots = (try fields.strings("chroots") ?? project.chroots).filter { !excluded.contains($0) }
        // Refused before an upload is sent, as the submission would refuse it.
        let foreign = chroots.filter { !project.chroots.contains($0) }
        guard foreign.isEmpty else { throw FrontendStoreError.chrootsNotInProject(foreign, project: project.fullName) }
        return BuildRequest(
            owner: owner, project: name, account: account, chroots: chroots,
            background: try fields.bool("background") ?? false, timeout: try Self.timeout(fields),
            enableNet: try fields.bool("enable_net"),
            order: try BuildOrder.from(after: try Self.buildID(fields, "after_build_id"), with: try Self.buildID(fields, "with_build_id")))
    }

    /// `build/create/upload`: only a user with a token may send a file; it is stored
    /// before its fields (python-copr sends the file first) and removed again when the
    /// build is refused.
    private func upload(_ request: Request, _ context: FrontendRequestContext) async throws -> BuildOverview {
        guard context.identity != nil else { throw UserAPIError(.unauthorized, Self.loginMissing) }
        let limit = actions.maximumUploadSize + UserAPI.maximumJSONBodySize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw UserAPIError.tooLarge("upload", limit: actions.maximumUploadSize)
        }
        let received = try await MultipartUpload.receive(request, into: actions.uploads, maximumSize: actions.maximumUploadSize)
        let build: BuildRequest
        do {
            build = try await buildRequest(try APIv3Requests.buildFields(received.fields, sourceFields: []), context)
        } catch {
            actions.removeUpload(received.upload)
            throw error
        }
        return try await actions.submit(upload: received.upload, by: build.account, build.submission)
    }

    /// `pkgs`: a list of URLs (python-copr) or one URL a line (Copr's form).
    private static func urls(_ fields: RequestFields) throws -> [String] {
        let urls = try fields.strings("pkgs") ?? (try fields.string("pkgs")).map { $0.split(separator: "\n").map(String.init) } ?? []
        guard !urls.isEmpty else { throw InvalidField(field: "pkgs", reason: "it is missing; give the URL of an SRPM or a spec file") }
        return urls
    }

    /// The fields of a git source, as `build/create/scm` and `package/add/.../scm` send them.
    static let gitSourceFields: Set<String> = ["clone_url", "committish", "subdirectory", "spec", "scm_type", "source_build_method"]

    /// A git repository packed by rpkg: what this frontend's git source is. A field left
    /// out (or null) is `base`'s, as a package edit keeps what it does not change.
    static func gitSource(_ fields: RequestFields, base: BuildSource? = nil) throws -> BuildSource {
        if let type = try fields.string("scm_type"), type != "git" {
            throw UserAPIError(.badRequest, "Bad request parameters: --type \(TaskRules.quoted(type)) is not supported; this frontend builds from git only")
        }
        if let method = try fields.string("source_build_method"), method != "rpkg" {
            throw UserAPIError(.badRequest, "Bad request parameters: --method \(TaskRules.quoted(method)) is not supported; this frontend packs the SRPM as rpkg does (--method rpkg)")
        }
        var cloneURL: String?, committish = "", subdirectory = "", spec: String?
        if case .git(let url, let revision, let directory, let file) = base { (cloneURL, committish, subdirectory, spec) = (url, revision, directory, file) }
        guard let url = try fields.string("clone_url") ?? cloneURL else { throw InvalidField(field: "clone_url", reason: "it is missing from the body") }
        return .git(
            cloneURL: url, committish: try fields.string("committish") ?? committish, subdirectory: try fields.string("subdirectory") ?? subdirectory,
            spec: try fields.string("spec") ?? spec)
    }

    /// A PyPI project, as `build/create/pypi` and `package/add/.../pypi` send it (upstream's
    /// field names, ``PyPISource``). A field left out (or null) is `base`'s.
    static func pypiSource(_ fields: RequestFields, base: PyPISource? = nil) throws -> PyPISource {
        let given = PyPISource.fieldNames.compactMap { field in fields[field].map { (field, $0) } }
        return try PyPISource(fields: .object(Dictionary(uniqueKeysWithValues: given)), base: base)
    }

    /// `timeout` in seconds, a number or a numeric string (copr-cli sends its argument as
    /// given); Copr's default when null.
    private static func timeout(_ fields: RequestFields) throws -> Int {
        try number(fields, "timeout", "a whole number of seconds") ?? BuildSubmission.defaultTimeout
    }

    /// The build id in `field` (`after_build_id`, `with_build_id`): a number or a numeric
    /// string, as copr-cli sends its argument; nil when null.
    private static func buildID(_ fields: RequestFields, _ field: String) throws -> Int? {
        try number(fields, field, "a build id")
    }

    /// A whole number given as a number or a numeric string; nil when null.
    private static func number(_ fields: RequestFields, _ field: String, _ expected: String) throws -> Int? {
        guard let value = fields[field] else { return nil }
        guard let number = value.intValue ?? value.stringValue.flatMap({ Int($0) }) else {
            throw InvalidField(field: field, reason: "expected \(expected), found \(TaskRules.describe(value))")
        }
        return number
    }

    /// `{"builds": [id, ...]}`, each a build id.
    private static func buildIDs(_ body: JSONValue) throws -> [Int] {
        let fields = try RequestFields(body, name: "body", known: ["builds"])
        guard let items = fields["builds"]?.arrayValue, !items.isEmpty else {
            throw InvalidField(field: "builds", reason: "expected a list of build ids")
        }
        return try items.map { item in
            guard let id = item.intValue, id > 0 else { throw InvalidField(field: "builds", reason: "expected build ids, found \(TaskRules.describe(item))") }
            return id
        }
    }
}
