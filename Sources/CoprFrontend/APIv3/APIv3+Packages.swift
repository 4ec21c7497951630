import CoprCore
import Hummingbird

/// The package namespace of Copr's API v3, as copr-cli 2.6 and python-copr 2.7 use it
/// (`add-package-scm`, `add-package-pypi`, their `edit-package-*`, `list-packages`,
/// `list-package-names`, `get-package`, `build-package`, `delete-package`), through the
/// user API's package actions, so that it is authorized and checked as there. A
/// package's source is a git repository packed by rpkg or a PyPI project; copr-cli's
/// other source types are refused naming the command, and so are `reset-package` (a
/// package here always has a source) and the per-package `--max-builds`, `--timeout` and
/// `--chroot-denylist`.
///
/// | Route under `/api_3/` | Answer |
/// |---|---|
/// | `GET package?ownername&projectname&packagename[&with_latest_build&with_latest_succeeded_build]` | the package |
/// | `GET package/list?ownername&projectname[&with_latest_build&with_latest_succeeded_build]` | `{"items", "meta"}` |
/// | `POST package/add/<owner>/<project>/<package>/scm` (or `/pypi`) with copr-cli's fields | the package |
/// | `POST package/edit/<owner>/<project>/<package>/scm` (or `/pypi`; fields left out are kept) | the package |
/// | `POST package/build` with `{"ownername", "projectname", "package_name", ...build options}` | the build |
/// | `DELETE` (or `POST`) `package/delete` with `{"ownername", "projectname", "package_name"}` | the package; its builds are deleted, as Copr does |
/// | `PUT` (or `POST`) `package/reset` | 400: a package here always has a source |
extension APIv3 {
    /// copr-cli's command for each source type this frontend does not keep for packages.
    private static let refusedSourceTypes = [
        "rubygems": "add-package-rubygems", "custom": "add-package-custom", "distgit": "add-package-distgit",
    ]

    /// The options every `add-package-*` sends; only their defaults are accepted.
    private static let packageOptions: [(field: String, option: String)] = [
        ("max_builds", "--max-builds"), ("timeout", "--timeout"), ("chroot_denylist", "--chroot-denylist"),
    ]

    func registerPackages(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store, actions = self.actions, records = self.records
        routes.get("package") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let (owner, name) = (try query.owner(), try query.projectName())
            let package = try await store.package(owner: owner, project: name, name: try Self.packageName(try query.required("packagename")))
            let builds = try await buildsIfAsked(query, owner: owner, project: name)
            return Self.json(Self.packageRecord(package, owner: owner, project: name, query, builds: builds, records))
        }
        routes.get("package/list") { request, _ in
            let query = APIv3Query(parameters: request.uri.queryParameters)
            let (owner, name) = (try query.owner(), try query.projectName())
            let page = try APIv3Page<Package>(query: request.uri.queryParameters, sortKeys: [("id", { $0.id < $1.id }), ("name", { $0.name < $1.name })])
            let packages = page.slice(try await store.packages(owner: owner, project: name))
            // The project's builds are read once for the whole page.
            let builds = try await buildsIfAsked(query, owner: owner, project: name)
            return Self.json(page.answer(packages.map { Self.packageRecord($0, owner: owner, project: name, query, builds: builds, records) }))
        }
        routes.post("package/add/:owner/:project/:package/:type") { request, context in
            let (owner, name) = try Self.project(context)
            let (type, fields) = try Self.packageFields(try await UserAPI.body(of: request), context)
            let definition = PackageDefinition(
                name: try Self.packageName(try Self.parameter("package", context)), source: try Self.packageSource(type, fields),
                webhookRebuild: try fields.bool("webhook_rebuild") ?? false)
            return Self.json(records.package(try await actions.addPackage(owner: owner, project: name, definition, context), owner: owner, project: name))
        }
        for path: RouterPath in ["package/edit/:owner/:project/:package", "package/edit/:owner/:project/:package/:type"] {
            routes.post(path) { request, context in
                let (owner, name) = try Self.project(context)
                let (type, fields) = try Self.packageFields(try await UserAPI.body(of: request), context)
                let packageName = try Self.packageName(try Self.parameter("package", context))
                let edited = try await actions.editPackage(owner: owner, project: name, name: packageName, context) { definition in
                    definition.source = try Self.packageSource(type, fields, base: definition.source)
                    definition.webhookRebuild = try fields.bool("webhook_rebuild") ?? definition.webhookRebuild
                }
                return Self.json(records.package(edited, owner: owner, project: name))
            }
        }
        routes.post("package/build") { request, context in
            let fields = try APIv3Requests.buildFields(try await UserAPI.body(of: request), sourceFields: ["package_name", "progress_callback"])
            let packageName = try Self.packageName(try fields.requiredString("package_name"))
            let build = try await buildRequest(fields, context)
            let overview = try await actions.buildPackage(owner: build.owner, project: build.project, name: packageName, by: build.account, build.submission)
            return Self.json(records.build(overview))
        }
        for method in [HTTPRequest.Method.put, .post] {
            routes.on("package/reset", method: method) { _, _ -> Response in
                throw UserAPIError(
                    .badRequest,
                    "Bad request parameters: reset-package is not supported; a package of this frontend always has its git source: change it with edit-package-scm, or delete-package")
            }
        }
        for method in [HTTPRequest.Method.delete, .post] {
            routes.on("package/delete", method: method) { request, context in
                let fields = try RequestFields(try await UserAPI.body(of: request), name: "body", known: ["ownername", "projectname", "package_name"])
                let owner = try TaskRules.owner(try fields.requiredString("ownername"), field: "ownername")
                let name = try TaskRules.projectName(try fields.requiredString("projectname"), field: "projectname")
                let packageName = try Self.packageName(try fields.requiredString("package_name"))
                let deleted = try await actions.deletePackage(owner: owner, project: name, name: packageName, withBuilds: true, context)
                return Self.json(records.package(deleted.package, owner: owner, project: name))
            }
        }
    }

    /// The project's builds, oldest first, when the query asks for a package's newest
    /// build or newest succeeded build (python-copr sends `True` or `False`); else none.
    private func buildsIfAsked(_ query: APIv3Query, owner: String, project: String) async throws -> [BuildOverview] {
        guard Self.isTrue(query.parameters.get("with_latest_build")) || Self.isTrue(query.parameters.get("with_latest_succeeded_build")) else {
            return []
        }
        return try await store.builds(owner: owner, project: project)
    }

    /// The package in Copr's shape, with its newest build and newest succeeded build
    /// among the project's `builds` when the query asks for them.
    private static func packageRecord(
        _ package: Package, owner: String, project: String, _ query: APIv3Query, builds: [BuildOverview], _ records: APIv3Records
    ) -> JSONValue {
        let own = builds.filter { $0.build.packageName == package.name }
        return records.package(
            package, owner: owner, project: project,
            latest: isTrue(query.parameters.get("with_latest_build")) ? own.last : nil,
            latestSucceeded: isTrue(query.parameters.get("with_latest_succeeded_build")) ? own.last { $0.state == .succeeded } : nil)
    }

    /// The source type of a package write: `scm` or `pypi` as the path names it; `None`
    /// (python-copr's edit without a type) or no type keeps the stored one.
    private enum PackageSourceType {
        case scm, pypi, kept
    }

    /// The body of `package/add` and `package/edit` with its source type: the type in the
    /// path must be `scm` or `pypi`, and the per-package options at their defaults.
    private static func packageFields(_ body: JSONValue, _ context: FrontendRequestContext) throws -> (PackageSourceType, RequestFields) {
        let name = try context.parameters.get("type").map { _ in try parameter("type", context) } ?? "None"
        if let command = refusedSourceTypes[name] {
            throw UserAPIError(
                .badRequest, "Bad request parameters: \(command) is not supported; this frontend builds packages from git (add-package-scm) or PyPI (add-package-pypi)")
        }
        let type: PackageSourceType
        switch name {
        case "scm": type = .scm
        case "pypi": type = .pypi
        case "None": type = .kept
        default:
            throw UserAPIError(.badRequest, "Unsupported package source type \(TaskRules.quoted(name)); this frontend builds packages from git (scm) or PyPI (pypi)")
        }
        let fields = try RequestFields(
            body, name: "body",
            known: gitSourceFields.union(PyPISource.fieldNames).union(["package_name", "webhook_rebuild"]).union(packageOptions.map(\.field)))
        for option in packageOptions {
            guard let value = fields[option.field] else { continue }
            throw UserAPIError(
                .badRequest,
                "Bad request parameters: \(option.option) (\(option.field) \(TaskRules.describe(value))) is not supported for packages by this frontend; leave it out")
        }
        return (type, fields)
    }

    /// The source a package write asks for, over the stored `base` on edit: the path's
    /// type, or the stored source's type when the path names none. A PyPI edit of a git
    /// package (or the other way round) replaces the source, as Copr does.
    private static func packageSource(_ type: PackageSourceType, _ fields: RequestFields, base: BuildSource? = nil) throws -> BuildSource {
        switch type {
        case .pypi:
            guard case .pypi(let stored) = base else { return .pypi(try pypiSource(fields)) }
            return .pypi(try pypiSource(fields, base: stored))
        case .kept:
            guard case .pypi(let stored) = base else { return try gitSource(fields, base: base) }
            return .pypi(try pypiSource(fields, base: stored))
        case .scm:
            return try gitSource(fields, base: base)
        }
    }

    private static func packageName(_ text: String) throws(InvalidField) -> String {
        try TaskRules.packageName(text, field: "packagename")
    }

    private static func isTrue(_ text: String?) -> Bool {
        ["True", "true", "1"].contains(text ?? "")
    }
}
