import CoprCore
import Foundation
import Hummingbird
import Logging

/// The part of Copr's API v3 (`/api_3/`) that copr-cli 2.6 and python-copr 2.7 use. Its
/// reads need no account: what they read for `list`, `get`, `list-chroots`, `get-chroot`, `status`,
/// `list-builds`, `watch-build` and `download-build`, and what dnf5's copr plugin reads
/// for `dnf copr enable` (dnf4's plugin reads the repo files of ``RepoFiles``). Answers
/// have Copr's shapes (``APIv3Records``), lists Copr's `items` and `meta`
/// (``APIv3Page``), refusals Copr's `{"error": "..."}`: 400 for a malformed or missing
/// parameter, 404 for an unknown project, build, chroot or endpoint, which python-copr
/// raises as `CoprNoResultException` and copr-cli prints as Copr's.
///
/// | Route under `/api_3/` | Answer |
/// |---|---|
/// | `GET project?ownername&projectname`, `GET project/list?ownername`, `GET project/search?query` | projects |
/// | `GET project-chroot?ownername&projectname&chrootname` | a chroot of a project |
/// | `GET mock-chroots/list` | the chroots offered (else those in use) |
/// | `GET build/<id>`, `GET build/list?ownername&projectname[&packagename&status]` | builds |
/// | `GET build/source-chroot/<id>`, `GET build/built-packages/<id>` | a build's source build, its packages |
/// | `GET build-chroot?build_id&chrootname`, `GET build-chroot/list?build_id` | a build's chroots |
/// | `GET rpmrepo/<owner>/<project>/<distribution>` | ``RPMRepoMetadata`` |
///
/// Packages are ``APIv3+Packages``'s. Writes (``APIv3+Projects``, ``APIv3+Builds``, ``APIv3+Permissions``), reading a
/// project's permissions and `GET auth-check` (the user's `id` and `name`) need an API token,
/// sent as python-copr sends it (HTTP Basic `login:token`, ``TokenAuthenticator``); they
/// share the user API's actions, so a write is authorized and checked exactly as there.
/// A wrong, expired or revoked token is 401 on every route, a write without one 401, a
/// write the user may not do 403, each as Copr's `{"error": ...}`. Writes this frontend
/// does not serve are answered 501 with a message saying so.
///
/// ```swift
/// let api = APIv3(store: store, layout: layout, actions: userAPI, logger: logger)
/// ```
public struct APIv3: FrontendRoutes {
    /// What a write this frontend does not serve is told.
    static let writeNotServed = """
        This Copr API v3 does not serve this write: it serves creating, editing, forking and deleting projects, editing their \
        chroots, regenerating their repositories, setting and requesting their permissions, adding, editing, building and \
        deleting their packages, new webhook secrets, and \
        submitting (uploads, URLs and git), cancelling and deleting builds. Use copr-backend project|build (the /api/ \
        user API) for the rest.
        """

    /// What a request that needs a token and came without one is told.
    static let loginMissing = """
        Login invalid or missing: send the login and token of your copr-cli configuration (from copr-backend user add \
        or user token) with HTTP Basic authentication
        """

    let store: FrontendStore
    let records: APIv3Records
    /// The user API, whose actions the writes share.
    let actions: UserAPI
    private let builtPackages: BuiltPackages
    private let logger: Logger

    /// - Parameters:
    ///   - layout: Names the result directories and repositories in answers and finds
    ///     each build's `results.json`.
    ///   - actions: The user API of the same store, whose write actions the writes share.
    public init(store: FrontendStore, layout: ResultsLayout, actions: UserAPI, logger: Logger) {
        self.store = store
        records = APIv3Records(layout: layout, clock: store.clock)
        self.actions = actions
        builtPackages = BuiltPackages(layout: layout)
        self.logger = logger
    }

    public func register(on router: Router<FrontendRequestContext>) {
        let store = self.store
        let routes = RouteCollection(context: FrontendRequestContext.self)
        routes.add(middleware: UserAPIErrorMiddleware(logger: logger))
        routes.add(middleware: TokenAuthenticator(store: store))
        routes.get { _, _ in Self.json(["version": 3]) }
        registerProjects(on: routes)
        registerBuilds(on: routes)
        registerProjectWrites(on: routes)
        registerBuildWrites(on: routes)
        registerPermissions(on: routes)
        registerPackages(on: routes)
        registerWebhooks(on: routes)
        // Copr answers its user's public fields: the number and the name.
        routes.get("auth-check") { _, context in
            guard let account = context.identity else { throw UserAPIError(.unauthorized, Self.loginMissing) }
            return Self.json(["id": .int(try await store.accountID(of: account.login)), "name": .string(account.login)])
        }
        routes.get("**") { _, _ -> Response in throw UserAPIError(.notFound, "Such API endpoint doesn't exist") }
        for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
            routes.on("**", method: method) { _, _ -> Response in throw UserAPIError(.notImplemented, Self.writeNotServed) }
        }
        router.addRoutes(routes, atPath: "api_3")
    }

    private func registerProjects(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store, records = self.records
        routes.get("project") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            return Self.json(records.project(try await store.project(owner: try query.owner(), name: try query.projectName())))
        }
        routes.get("project/list") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let owner = try query.optionalOwner()
            let page = try Self.projectPage(query)
            let projects = try await store.projects().filter { owner == nil || $0.owner == owner }
            return Self.json(page.answer(page.slice(projects).map(records.project)))
        }
        routes.get("project/search") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let text = try query.required("query").lowercased()
            let page = try Self.projectPage(query)
            let projects = try await store.projects().filter { $0.fullName.lowercased().contains(text) }
            return Self.json(page.answer(page.slice(projects).map(records.project)))
        }
        routes.get("project-chroot") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let chroot = try query.chrootName()
            let (project, settings) = try await UserAPI.chrootSettings(store, owner: try query.owner(), name: try query.projectName(), chroot: chroot)
            return Self.json(records.projectChroot(chroot, settings, of: project))
        }
        routes.get("mock-chroots/list") { _, _ in
            Self.json(APIv3Records.mockChroots(offer: store.chrootOffer, projects: try await store.projects()))
        }
        routes.get("rpmrepo/:owner/:project/:distribution") { _, context in
            let (owner, name) = try Self.project(context)
            _ = try TaskRules.projectDirname(try Self.parameter("distribution", context), field: "distribution")
            let project = try await store.project(owner: owner, name: name)
            return Self.json(RPMRepoMetadata(project: project, layout: records.layout).json)
        }
    }

    private func registerBuilds(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store, records = self.records, builtPackages = self.builtPackages
        routes.get("build/list") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let (owner, name) = (try query.owner(), try query.projectName())
            let package = try query.filter("packagename"), state = try query.filter("status")
            let page = try APIv3Page<BuildOverview>(query: request.uri.queryParameters, sortKeys: [("id", { $0.build.id < $1.build.id })])
            let builds = try await store.builds(owner: owner, project: name).filter { overview in
                (package == nil || overview.build.packageName == package) && (state == nil || overview.state.name == state)
            }
            return Self.json(page.answer(page.slice(builds).map(records.build)))
        }
        routes.get("build/:id") { _, context in
            Self.json(records.build(try await store.build(id: try Self.buildID(context))))
        }
        routes.get("build/source-chroot/:id") { _, context in
            Self.json(records.sourceChroot(try await store.build(id: try Self.buildID(context))))
        }
        routes.get("build/built-packages/:id") { _, context in
            Self.json(builtPackages.json(try await store.build(id: try Self.buildID(context))))
        }
        for path: RouterPath in ["build-chroot", "build-chroot/:id/:chroot"] {
            routes.get(path) { request, context in
                let query = APIv3Query(parameters: request.uri.queryParameters)
                let id = context.parameters.get("id") == nil ? try query.buildID() : try Self.buildID(context)
                let chroot = try context.parameters.get("chroot").map { try Chroot($0, field: "chrootname").name } ?? query.chrootName()
                let overview = try await store.build(id: id)
                guard let buildChroot = overview.chroots.first(where: { $0.chroot == chroot }) else {
                    throw UserAPIError(.notFound, "Build \(id) has no chroot \(chroot); it has \(overview.chroots.map(\.chroot).joined(separator: ", "))")
                }
                return Self.json(records.buildChroot(buildChroot, of: overview))
            }
        }
        for path: RouterPath in ["build-chroot/list", "build-chroot/list/:id"] {
            routes.get(path) { request, context in
                let query = APIv3Query(parameters: request.uri.queryParameters)
                let id = context.parameters.get("id") == nil ? try query.buildID() : try Self.buildID(context)
                let page = try APIv3Page<BuildChroot>(query: request.uri.queryParameters, sortKeys: [("name", { $0.chroot < $1.chroot })])
                let overview = try await store.build(id: id)
                return Self.json(page.answer(page.slice(overview.chroots).map { records.buildChroot($0, of: overview) }))
            }
        }
    }

    // MARK: Requests and answers

    /// Projects are ordered by id (newest first) unless the client asks for `name`.
    private static func projectPage(_ query: APIv3Query) throws -> APIv3Page<Project> {
        try APIv3Page(query: query.parameters, sortKeys: [("id", { $0.id < $1.id }), ("name", { $0.fullName < $1.fullName })])
    }

    static func buildID(_ context: FrontendRequestContext) throws -> Int {
        try TaskRules.buildID(try context.parameters.require("id"), field: "build_id")
    }

    /// A path parameter without its percent-encoding (an owner `@team` may come as `%40team`).
    static func parameter(_ name: String, _ context: FrontendRequestContext) throws -> String {
        guard let value = try context.parameters.require(name).removingPercentEncoding else {
            throw InvalidField(field: name, reason: "it is not valid percent-encoding")
        }
        return value
    }

    static func json(_ value: JSONValue) -> Response {
        BackendAPI.json(value, status: .ok)
    }
}
