import CoprCore
import Hummingbird

/// The packages of a project: the write actions both APIs share (adding, editing and
/// deleting need the project's admins, as Copr's `can_edit`; building one needs the
/// builders), and the user API's routes.
///
/// | Route under `/api/projects/<owner>/<name>/` | Answer |
/// |---|---|
/// | `GET packages`, `GET packages/<package>` | packages, by name, each with its `latest_build` id |
/// | `POST packages` with `{"name", "source": {"type": "git", ...}, "webhook_rebuild"}` | the package (201) |
/// | `PATCH packages/<package>` with `{"source", "webhook_rebuild"}`, each optional | the package |
/// | `DELETE packages/<package>[?with_builds=true]` | `{"deleted", "deleted_builds"}`; builds stay unless asked |
/// | `POST packages/<package>/builds` with the options of a submission | a build of its default source (201) |
extension UserAPI {
    func registerPackageRoutes(on routes: RouteCollection<FrontendRequestContext>) {
        let store = self.store
        routes.get("projects/:owner/:name/packages") { _, context in
            let (owner, name) = try Self.project(context)
            let builds = try await store.builds(owner: owner, project: name)
            return Self.json(.array(try await store.packages(owner: owner, project: name).map { package(record: $0, builds) }))
        }
        routes.post("projects/:owner/:name/packages") { request, context in
            let (owner, name) = try Self.project(context)
            let definition = try Self.packageDefinition(try await Self.body(of: request))
            return Self.json(package(record: try await addPackage(owner: owner, project: name, definition, context), []), status: .created)
        }
        routes.get("projects/:owner/:name/packages/:package") { _, context in
            let (owner, name) = try Self.project(context)
            let found = try await store.package(owner: owner, project: name, name: try Self.packageName(context))
            return Self.json(package(record: found, try await store.builds(owner: owner, project: name)))
        }
        routes.patch("projects/:owner/:name/packages/:package") { request, context in
            let (owner, name) = try Self.project(context)
            let fields = try RequestFields(try await Self.body(of: request), name: "body", known: ["source", "webhook_rebuild"])
            let source = try fields["source"].map { value throws(InvalidField) in try UserAPIRequests.source(value) }
            let flag = try fields.bool("webhook_rebuild")
            let edited = try await editPackage(owner: owner, project: name, name: try Self.packageName(context), context) { definition in
                definition.source = source ?? definition.source
                definition.webhookRebuild = flag ?? definition.webhookRebuild
            }
            return Self.json(package(record: edited, try await store.builds(owner: owner, project: name)))
        }
        routes.delete("projects/:owner/:name/packages/:package") { request, context in
            let (owner, name) = try Self.project(context)
            let withBuilds = try Self.flag("with_builds", request.uri.queryParameters)
            let deleted = try await deletePackage(owner: owner, project: name, name: try Self.packageName(context), withBuilds: withBuilds, context)
            return Self.json(["deleted": .string(deleted.package.name), "deleted_builds": .array(deleted.builds.map(JSONValue.int))])
        }
        routes.post("projects/:owner/:name/packages/:package/builds") { request, context in
            let (owner, name) = try Self.project(context)
            let packageName = try Self.packageName(context)
            let fields = try RequestFields(try await Self.body(of: request), name: "body", known: SubmissionOptions.names)
            _ = try await store.package(owner: owner, project: name, name: packageName)
            let account = try await authorized(.submitBuild, context, owner: owner, project: name)
            let options = try SubmissionOptions(fields)
            let submitter = try options.submitter(by: account)
            let build = try await buildPackage(owner: owner, project: name, name: packageName, by: account) { source in
                options.submission(owner: owner, project: name, source: source, submitter: submitter)
            }
            return Self.json(records.build(build), status: .created)
        }
    }

    // MARK: Actions

    /// Adds a package once the requester may edit the project and its source passed ``SourceURLRule``.
    func addPackage(owner: String, project: String, _ definition: PackageDefinition, _ context: FrontendRequestContext) async throws -> Package {
        _ = try await store.project(owner: owner, name: project)
        try await authorized(.edit, context, owner: owner, project: project)
        try await sourceURLs.check(definition.source, uploads: store, uploadsURL: uploadsURL)
        return try await store.addPackage(owner: owner, project: project, definition)
    }

    /// Changes a package by `change` once the requester may edit the project; the changed
    /// source must pass ``SourceURLRule``.
    func editPackage(
        owner: String, project: String, name: String, _ context: FrontendRequestContext, _ change: (inout PackageDefinition) throws -> Void
    ) async throws -> Package {
        var definition = PackageDefinition(try await store.package(owner: owner, project: project, name: name))
        try await authorized(.edit, context, owner: owner, project: project)
        try change(&definition)
        try await sourceURLs.check(definition.source, uploads: store, uploadsURL: uploadsURL)
        return try await store.editPackage(owner: owner, project: project, definition)
    }

    /// Deletes a package once the requester may edit the project; with `withBuilds`, its
    /// builds first, all or none as ``delete(buildIDs:_:)`` does (so none may still run).
    /// Returns the package as it was and the ids of the builds deleted.
    func deletePackage(
        owner: String, project: String, name: String, withBuilds: Bool, _ context: FrontendRequestContext
    ) async throws -> (package: Package, builds: [Int]) {
        let package = try await store.package(owner: owner, project: project, name: name)
        try await authorized(.edit, context, owner: owner, project: project)
        var deleted: [Int] = []
        if withBuilds {
            deleted = try await store.builds(owner: owner, project: project).filter { $0.build.packageName == name }.map(\.build.id)
            if !deleted.isEmpty { _ = try await delete(buildIDs: deleted, context) }
        }
        try await store.deletePackage(owner: owner, project: project, name: name)
        return (package, deleted)
    }

    /// Submits a build of a package's default source, recorded as the package's, as
    /// `submission` makes it (the requester was authorized to build as `account`).
    func buildPackage(
        owner: String, project: String, name: String, by account: Account, _ submission: (BuildSource) -> BuildSubmission
    ) async throws -> BuildOverview {
        let package = try await store.package(owner: owner, project: project, name: name)
        var build = submission(package.source)
        build.packageName = package.name
        return try await submit(build, by: account)
    }

    // MARK: Requests and answers

    /// `{"name", "source": {"type": "git", ...}, "webhook_rebuild"}`, the last optional.
    static func packageDefinition(_ body: JSONValue) throws(InvalidField) -> PackageDefinition {
        let fields = try RequestFields(body, name: "body", known: ["name", "source", "webhook_rebuild"])
        guard let source = fields["source"] else {
            throw InvalidField(field: "source", reason: "it is missing; give e.g. {\"type\": \"git\", \"clone_url\": \"https://…/hello.git\"}")
        }
        return PackageDefinition(
            name: try fields.requiredString("name"), source: try UserAPIRequests.source(source),
            webhookRebuild: try fields.bool("webhook_rebuild") ?? false)
    }

    static func packageName(_ context: some RequestContext) throws -> String {
        try TaskRules.packageName(try context.parameters.require("package"), field: "package")
    }

    /// A query flag: absent is false, otherwise `true` or `false`.
    static func flag(_ name: String, _ query: Parameters) throws(InvalidField) -> Bool {
        guard let text = query.get(name) else { return false }
        guard let flag = Bool(text) else { throw InvalidField(field: name, reason: "expected true or false, found \(TaskRules.quoted(text))") }
        return flag
    }

    /// The package with its source as a user gives it and the id of its newest build
    /// among `builds` (null for none).
    private func package(record package: Package, _ builds: [BuildOverview]) -> JSONValue {
        let latest = builds.last { $0.build.packageName == package.name }
        return [
            "id": .int(package.id), "name": .string(package.name), "source": UserAPIRecords.source(package.source),
            "webhook_rebuild": .bool(package.webhookRebuild), "latest_build": latest.map { .int($0.build.id) } ?? .null,
        ]
    }
}
