import CoprCore
import Foundation
import Hummingbird

/// The web pages people read in a browser, rendered on the server (``PageRenderer``) and
/// readable without scripts, in Copr's URL shapes:
///
/// | Path | Page |
/// |---|---|
/// | `/` `[?q=]` | recent builds, projects (searched), how to start |
/// | `/coprs/` `[?q=&page=]` | every project, searched, 50 a page |
/// | `/coprs/<owner>/<project>/` `[?state=&page=]` (a group's: `/coprs/g/<group>/<project>/`) | a project |
/// | `…/<project>/monitor/` | its packages × chroots |
/// | `…/<project>/build/<id>/`, `/build/<id>/` and `/coprs/build/<id>/` (redirects there) | a build, with its live log |
/// | `/status/` | the farm: with the daemon serving this frontend (``FarmStatusSource``), what runs where, what waits and why, the builders' slots, recent failures, the message bus backlog and the actions; always the builds in progress |
/// | `POST …/build/<id>/cancel`, `…/resubmit`, `…/delete` (`csrf_token`) | the build page's forms (``WebInterface/registerBuildForms(on:)``) |
/// | `POST …/<project>/new_build/` (multipart: `csrf_token`, `pkgs` or `url`, `chroots`) | the project page's "New build" form (``WebInterface/registerSubmitForm(on:)``) |
/// | `…/<project>/edit/`, `POST …/<project>/delete/` | the project's settings and delete forms (``WebInterface/registerSettingsForms(on:)``) |
/// | `…/<project>/edit_chroot/<chroot>/` | a chroot's settings form (``WebInterface/registerChrootSettingsForm(on:)``) |
/// | `/coprs/new/`, `…/<project>/fork/` | the "New project" and "Fork" forms (``WebInterface/registerProjectCreationForms(on:)``) |
///
/// An unknown project or build is a 404 page; a bad `page` or `state` a 400 page. The
/// APIs keep their prefixes (`/api/`, `/api_3/`, `/backend/`, `/results/`, …). The pages
/// know the signed-in reader (``WebSessions``): a project's owners see its webhook URLs.
///
/// The pages carry the sign-in session (``WebSessions``): the header links to the sign-in
/// or shows who is signed in with a sign-out form, and a build's page shows the forms its
/// reader may use.
///
/// ```swift
/// let web = try WebInterface(store: store, layout: layout, publicURL: "http://127.0.0.1:5007", actions: userAPI)
/// let server = FrontendServer(host: "127.0.0.1", port: 5007, limits: limits, parts: [web], logger: logger)
/// ```
public struct WebInterface: FrontendRoutes {
    let store: FrontendStore
    let layout: ResultsLayout
    let publicURL: String
    /// The user API, whose actions the forms run, with its permission checks.
    let actions: UserAPI
    let renderer: PageRenderer
    let farm: (any FarmStatusSource)?

    /// - Parameters:
    ///   - publicURL: The URL users reach the frontend at (`[frontend] public_url`): the
    ///     install instructions name it, and its host names the deployment in the header.
    ///   - layout: Where the results are, for the result directories, logs and packages.
    ///   - actions: The user API of the same store: the build page's forms run its cancel,
    ///     resubmit and delete.
    ///   - farm: The daemon serving this frontend, for the status page; nil without one.
    public init(
        store: FrontendStore, layout: ResultsLayout, publicURL: String, actions: UserAPI, farm: (any FarmStatusSource)? = nil
    ) throws {
        self.store = store
        self.farm = farm
        self.layout = layout
        self.publicURL = publicURL
        self.actions = actions
        renderer = try PageRenderer(publicURL: publicURL)
    }

    public func register(on router: Router<FrontendRequestContext>) {
        let routes = RouteCollection(context: FrontendRequestContext.self)
        WebSessions(store: store, publicURL: publicURL).add(to: routes)
        registerPages(on: routes)
        registerBuildForms(on: routes)
        registerSubmitForm(on: routes)
        registerSettingsForms(on: routes)
        registerChrootSettingsForm(on: routes)
        registerProjectCreationForms(on: routes)
        router.addRoutes(routes)
    }

    private func registerPages(on router: RouteCollection<FrontendRequestContext>) {
        router.get("/") { request, context in
            try await page(request, context) {
                let query = Self.search(request)
                let builds = try await store.recentBuilds(limit: HomeView.listLength)
                let projects = try await store.projects(matching: query, page: PageRequest(number: 1, size: HomeView.listLength))
                let view = HomeView(builds: builds, query: query, projects: projects, publicURL: publicURL)
                return renderer.response("home", title: "Home", section: .home, reader: PageReader(request, context), content: view)
            }
        }
        router.get("coprs") { request, context in
            try await page(request, context) {
                let query = Self.search(request)
                let projects = try await store.projects(
                    matching: query, page: PageRequest(number: try Self.pageNumber(request), size: ProjectsView.pageSize))
                let view = ProjectsView(query: query, projects: projects)
                return renderer.response("projects", title: "Projects", section: .projects, reader: PageReader(request, context), content: view)
            }
        }
        for prefix in ["coprs/:owner", "coprs/g/:group"] {
            router.get("\(prefix)/:project") { request, context in
                try await page(request, context) { try await projectPage(request, context) }
            }
            router.get("\(prefix)/:project/monitor") { request, context in
                try await page(request, context) {
                    let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
                    let packages = try await store.latestPackageBuilds(
                        of: project, page: PageRequest(number: try Self.pageNumber(request), size: MonitorView.pageSize))
                    let view = MonitorView(project: project, packages: packages)
                    return renderer.response(
                        "monitor", title: "Monitor of \(project.fullName)", section: .projects, reader: PageReader(request, context), content: view)
                }
            }
            router.get("\(prefix)/:project/build/:id") { request, context in
                try await page(request, context) { try await buildPage(request, context) }
            }
        }
        // copr-cli prints `/coprs/build/<id>` for each build it submits.
        for path in ["build/:id", "coprs/build/:id"] {
            router.get(RouterPath(path)) { request, context in
                try await page(request, context) {
                    let overview = try await store.build(id: try Self.buildID(context))
                    return Response(status: .found, headers: [.location: WebPath.build(overview)])
                }
            }
        }
        router.get("status") { request, context in
            try await page(request, context) {
                let view = StatusView(
                    builds: try await store.activeBuilds(limit: StatusView.listLength), farm: await farm?.snapshot(), now: Date())
                return renderer.response("status", title: "Status", section: .status, reader: PageReader(request, context), content: view)
            }
        }
    }

    /// The project's page; after a refused "New build" post, with that `attempt` and `status`.
    func projectPage(
        _ request: Request, _ context: FrontendRequestContext, attempt: SubmitForm.Attempt? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let project = try await store.project(owner: try Self.owner(context), name: try Self.parameter("project", context))
        let stateName = request.uri.queryParameters.get("state").flatMap { $0.isEmpty ? nil : $0 }
        let state = try stateName.map { name in
            guard let state = BuildStatus(webName: name) else {
                throw WebRequestError("There is no build state \(TaskRules.quoted(name)); the states are "
                    + BuildStatus.webFilterStates.map(\.name).joined(separator: ", ") + ".")
            }
            return state
        }
        let builds = try await store.builds(
            of: project, state: state, page: PageRequest(number: try Self.pageNumber(request), size: ProjectView.pageSize))
        let reader = PageReader(request, context)
        let view = ProjectView(
            project: project, latest: try await store.latestPackageBuilds(of: project, page: PageRequest(number: 1, size: ProjectView.packageListLength)),
            builds: builds, state: state,
            publicURL: publicURL, layout: layout, mayEdit: try await may(.edit, project, context), mayFork: context.identity != nil,
            submit: await submitForm(project, reader, context, attempt: attempt))
        return renderer.response("project", title: project.fullName, section: .projects, reader: reader, content: view, status: status)
    }

    /// The chroots a project may be made with: the deployment's offer.
    var offeredChroots: [String] {
        store.chrootOffer?.chroots ?? ChrootOffer.defaults(architectures: []).chroots
    }

    /// Whether the signed-in reader may do `action` to `project`, by the rule the APIs follow.
    func may(_ action: ProjectAction, _ project: Project, _ context: FrontendRequestContext) async throws -> Bool {
        guard let account = context.identity else { return false }
        do {
            try await store.authorize(action, by: account, owner: project.owner, project: project.name)
            return true
        } catch is AccessRefused {
            return false
        }
    }

    private func buildPage(_ request: Request, _ context: FrontendRequestContext) async throws -> Response {
        let owner = try Self.owner(context), name = try Self.parameter("project", context)
        let overview = try await store.build(id: try Self.buildID(context))
        guard overview.project.owner == owner, overview.project.name == name else {
            // The build is another project's: its own page is the one to read.
            return Response(status: .found, headers: [.location: WebPath.build(overview)])
        }
        let reader = PageReader(request, context)
        let view = BuildView(
            overview, tasks: try await BuildTasks(layout: layout).rows(of: overview), forms: try await buildForms(overview, reader, context))
        return renderer.response(
            "build", title: "Build \(overview.build.id) of \(overview.project.fullName)", section: .projects, reader: reader, content: view)
    }

    /// Runs `answer`; an unknown project or build becomes the 404 page, a bad query the 400
    /// page, a refused form the page with its status.
    func page(_ request: Request, _ context: FrontendRequestContext, _ answer: () async throws -> Response) async throws -> Response {
        let (status, heading, message): (HTTPResponse.Status, String, String)
        do {
            return try await answer()
        } catch let error as FrontendStoreError {
            switch error {
            case .projectNotFound, .buildNotFound: (status, heading, message) = (.notFound, "Not found", error.description)
            default: throw error
            }
        } catch let error as WebRequestError {
            (status, heading, message) = (.badRequest, "Bad request", error.message)
        } catch let error as InvalidField {
            (status, heading, message) = (.badRequest, "Bad request", error.description)
        } catch let refused as WebFormRefused {
            (status, heading, message) = (refused.status, refused.status == .notFound ? "Not found" : "Refused", refused.message)
        }
        return renderer.response(
            "error", title: heading, section: .none, reader: PageReader(request, context), content: ErrorView(heading: heading, message: message),
            status: status)
    }

    // MARK: The request

    /// The `q` search, nil when absent or empty.
    private static func search(_ request: Request) -> String? {
        request.uri.queryParameters.get("q").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The `page` number, 1 when absent.
    private static func pageNumber(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("page"), !text.isEmpty else { return 1 }
        guard let number = Int(text), number >= 1 else {
            throw WebRequestError("The page is a number from 1 on, not \(TaskRules.quoted(text)).")
        }
        return number
    }

    /// The project's owner: `@<group>` under `/coprs/g/`, else the user.
    static func owner(_ context: FrontendRequestContext) throws -> String {
        if context.parameters.get("group") != nil { return "@" + (try parameter("group", context)) }
        return try parameter("owner", context)
    }

    static func buildID(_ context: FrontendRequestContext) throws -> Int {
        try TaskRules.buildID(try parameter("id", context))
    }

    /// A path parameter without its percent-encoding.
    static func parameter(_ name: String, _ context: FrontendRequestContext) throws -> String {
        guard let value = try context.parameters.require(name).removingPercentEncoding else {
            throw WebRequestError("The address is not well encoded.")
        }
        return value
    }
}

