import CoprCore
import Foundation
import Hummingbird
import Logging

/// The Copr backend API (as upstream HEAD's frontend serves it) served from a ``FrontendStore``, so that
/// the backend's `FrontendClient` and upstream's `copr-rpmbuild` work against it unchanged:
///
/// | Route under `/backend/` | Answer |
/// |---|---|
/// | `GET pending-jobs/` | the tasks to build, short records, upstream's order |
/// | `GET get-build-task/<build_id>-<chroot>/` | the full RPM task record |
/// | `GET get-srpm-build-task/<build_id>/` | the full SRPM task record |
/// | `POST starting_build/` | `{"can_start": bool}` |
/// | `POST update/` | `{"updated_builds_ids": […], "non_existing_builds_ids": […]}` for `builds`, and `…_actions_ids` for `actions` |
/// | `GET pending-actions/` | the waiting actions, `{id, priority, project_owner}` |
/// | `GET action/<id>/` | the whole action record |
/// | `GET pending-action-count/` | how many actions wait |
/// | `GET build-tasks/cancel-requests/` | task ids users cancelled |
/// | `POST build-tasks/canceled/<task_id>/` | `"success"`; the cancel request goes away |
///
/// Trailing slashes are optional; writes accept PUT like POST and need HTTP Basic auth
/// with the configured password (401 otherwise, as upstream). Every answer carries
/// `Copr-FE-BE-API-Version`. Unknown tasks get 404 `{"msg": …}`, malformed ids and
/// bodies 400 with what is wrong. A route only reads the request and writes the answer;
/// ``BackendOperations`` does the rest, for the routes and for a daemon in the same process.
///
/// ```swift
/// let router = Router()
/// BackendAPI(store: store, layout: layout, password: "secret", logger: logger).register(on: router)
/// ```
public struct BackendAPI: FrontendRoutes {
    /// The `Copr-FE-BE-API-Version` this frontend speaks (upstream HEAD).
    public static let version = 9
    /// A job dict is small, but `update` may carry a builder's `results` of many packages.
    public static let maximumBodySize = 32 * 1024 * 1024

    private let store: FrontendStore
    private let layout: ResultsLayout
    private let password: String
    private let logger: Logger

    /// - Parameters:
    ///   - layout: Names the repositories of the results tree in task records.
    ///   - password: What writes must carry (`[backend] frontend_auth` of the backend).
    public init(store: FrontendStore, layout: ResultsLayout, password: String, logger: Logger) {
        self.store = store
        self.layout = layout
        self.password = password
        self.logger = logger
    }

    public func register(on router: Router<FrontendRequestContext>) {
        router.addRoutes(routes(), atPath: "backend")
    }

    /// The routes, relative to `/backend`.
    public func routes<Context: RequestContext>(context: Context.Type = FrontendRequestContext.self) -> RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.add(middleware: APIVersionMiddleware(logger: logger))
        routes.add(middleware: BackendAuthMiddleware(password: password))
        let operations = BackendOperations(store: store, layout: layout)

        routes.get("pending-jobs") { _, _ in
            Self.json(.array(try await operations.pendingJobs()))
        }
        routes.get("get-build-task/:task_id") { _, context in
            let task = try TaskID(try context.parameters.require("task_id"))
            guard case .rpm = task else {
                throw InvalidField(field: "task_id", reason: "expected <build_id>-<chroot>, found '\(task)'")
            }
            return Self.json(try await operations.taskRecord(task))
        }
        routes.get("get-srpm-build-task/:build_id") { _, context in
            let buildID = try TaskRules.buildID(try context.parameters.require("build_id"))
            return Self.json(try await operations.taskRecord(.source(buildID: buildID)))
        }
        for method in [HTTPRequest.Method.post, .put] {
            routes.on("starting_build", method: method) { request, _ in
                Self.json(["can_start": .bool(try await operations.startingBuild(try await Self.body(of: request)))])
            }
            routes.on("update", method: method) { request, _ in
                let body = try await Self.body(of: request)
                let builds = body["builds"]?.arrayValue, actions = body["actions"]?.arrayValue
                guard builds != nil || actions != nil else {
                    throw InvalidField(field: "body", reason: "expected {\"builds\": [...]} or {\"actions\": [...]}, found \(TaskRules.describe(body))")
                }
                var answer: [String: JSONValue] = [:]
                if let actions {
                    let summary = try await operations.updateActions(actions)
                    answer["updated_actions_ids"] = .array(summary.updated.map(JSONValue.int))
                    answer["non_existing_actions_ids"] = .array(summary.nonExisting.map(JSONValue.int))
                }
                if let builds {
                    let summary = try await operations.update(builds)
                    answer["updated_builds_ids"] = .array(summary.updatedBuildIDs.map(JSONValue.int))
                    answer["non_existing_builds_ids"] = .array(summary.nonExistingBuildIDs.map(JSONValue.int))
                }
                return Self.json(.object(answer))
            }
            routes.on("build-tasks/canceled/:task_id", method: method) { request, context in
                let task = try TaskID(try context.parameters.require("task_id"))
                let body = try await Self.body(of: request, emptyAs: .null)
                guard body.isNull || body.boolValue != nil else {
                    throw InvalidField(field: "body", reason: "expected true, false or null, found \(TaskRules.describe(body))")
                }
                try await operations.canceled(task)
                return Self.json("success")
            }
        }
        routes.get("build-tasks/cancel-requests") { _, _ in
            Self.json(.array(try await operations.cancelRequests().map(JSONValue.string)))
        }
        routes.get("pending-actions") { _, _ in
            Self.json(.array(try await operations.pendingActions()))
        }
        routes.get("action/:id") { _, context in
            let text = try context.parameters.require("id")
            guard let id = Int(text), id > 0 else {
                throw InvalidField(field: "action_id", reason: "expected a positive integer, found \(TaskRules.quoted(text))")
            }
            return Self.json(try await operations.action(id: id))
        }
        routes.get("pending-action-count") { _, _ in
            Self.json(.int(try await operations.pendingActionCount()))
        }
        return routes
    }

    /// The request body as JSON, at most ``maximumBodySize`` bytes (413 beyond).
    private static func body(of request: Request, emptyAs empty: JSONValue? = nil) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBodySize)
        if buffer.readableBytes == 0, let empty { return empty }
        do {
            return try JSONValue.decode(Data(buffer.readableBytesView))
        } catch {
            throw InvalidField(field: "body", reason: "it is not valid JSON")
        }
    }

    /// A JSON answer.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: encoded(value))))
    }

    /// `value` encoded as the backend's own JSON (sorted keys, slashes unescaped).
    static func encoded(_ value: JSONValue) -> Data {
        (try? value.encoded()) ?? Data("null".utf8)
    }
}
