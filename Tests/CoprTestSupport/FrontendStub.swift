import CoprBackend
import CoprCore
import Foundation
import Synchronization

/// A stand-in for the Copr frontend's backend API on 127.0.0.1, over
/// real HTTP, with every request recorded and faults injectable.
///
/// Routes (with or without trailing slash): `GET /backend/get-build-task/<task_id>`,
/// `GET /backend/get-srpm-build-task/<build_id>`, `POST /backend/starting_build/`,
/// `POST /backend/update/`, `GET /backend/pending-jobs/`,
/// `GET /backend/build-tasks/cancel-requests/` and
/// `POST /backend/build-tasks/canceled/<task_id>/` (PUT is accepted like POST). Every
/// response under `/backend/` carries `Copr-FE-BE-API-Version` (9 unless changed). Writes
/// require HTTP Basic auth with the configured password (any user name).
public final class FrontendStub: Sendable {
    /// A fault armed by ``failNext(_:_:status:)``.
    private struct Fault {
        let endpoint: FrontendEndpoint
        var remaining: Int
        let status: Int
    }

    private struct State {
        var apiVersion: Int?
        var password: String
        var rpmTasks: [String: JSONValue] = [:]
        var srpmTasks: [String: JSONValue] = [:]
        /// Tasks that got a final update or were cancelled: no longer pending.
        var finishedTasks: Set<String> = []
        var cancelRequests: [String] = []
        var canceledReports: [(taskID: String, body: JSONValue?)] = []
        var refusedStarts: Set<String> = []
        var startingBuilds: [JSONValue] = []
        var updatedBuilds: [JSONValue] = []
        var faults: [Fault] = []
        var requests: [RecordedRequest] = []
    }

    private let state: Mutex<State>
    private let slot = StubServerSlot()

    private init(password: String, apiVersion: Int?) {
        state = Mutex(State(apiVersion: apiVersion, password: password))
    }

    /// Starts a stub frontend on 127.0.0.1 with a free port.
    /// - Parameters:
    ///   - password: The `frontend_auth` password writes must carry.
    ///   - apiVersion: The `Copr-FE-BE-API-Version` header value; nil omits it.
    public static func start(password: String = "frontend-auth", apiVersion: Int? = 9) async throws -> FrontendStub {
        let stub = FrontendStub(password: password, apiVersion: apiVersion)
        try await stub.slot.start(label: "frontend-stub") { [weak stub] request in
            stub?.handle(request) ?? .init(status: 503)
        }
        return stub
    }

    /// Stops the server. Safe to call more than once.
    public func shutdown() async {
        await slot.shutdown()
    }

    /// The port the stub listens on.
    public var port: Int { slot.port }
    /// `http://127.0.0.1:<port>`: the backend's `frontend_base_url`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The URL the builder fetches an RPM task from (`--task-url`).
    public func taskURL(rpmTask taskID: String) -> String { "\(baseURL)/backend/get-build-task/\(taskID)" }
    /// The URL the builder fetches an SRPM task from (`--task-url`).
    public func taskURL(srpmTask buildID: Int) -> String { "\(baseURL)/backend/get-srpm-build-task/\(buildID)" }

    // MARK: Tasks

    /// Registers an RPM task record (see ``rpmTaskRecord(buildID:chroot:owner:project:packageName:packageVersion:submitter:timeout:tags:sandbox:background:)``).
    /// `taskID` defaults to the record's `task_id`; pass it for a `null` record, which
    /// `get-build-task` then serves as `null` (a chroot no longer enabled).
    public func addRPMTask(_ record: JSONValue, taskID: String? = nil) {
        guard let id = taskID ?? record["task_id"]?.stringValue else {
            preconditionFailure("an RPM task record needs a task_id")
        }
        state.withLock { $0.rpmTasks[id] = record }
    }

    /// Registers an SRPM task record; `buildID` defaults to the record's `build_id`.
    public func addSRPMTask(_ record: JSONValue, buildID: Int? = nil) {
        guard let id = buildID ?? record["build_id"]?.intValue else {
            preconditionFailure("an SRPM task record needs a build_id")
        }
        state.withLock { $0.srpmTasks[String(id)] = record }
    }

    /// Forgets a task (RPM task id or SRPM build id): lookups answer 404 from now on.
    public func removeTask(_ taskID: String) {
        state.withLock {
            $0.rpmTasks[taskID] = nil
            $0.srpmTasks[taskID] = nil
        }
    }

    /// Queues a cancel request for `taskID` (served by `build-tasks/cancel-requests/`).
    public func requestCancel(_ taskID: String) {
        state.withLock { $0.cancelRequests.append(taskID) }
    }

    // MARK: Fault injection

    /// The next `count` requests to `endpoint` fail with `status` (e.g. 500, 503, 408),
    /// after which the endpoint works again. Faulted requests are still recorded.
    public func failNext(_ count: Int, _ endpoint: FrontendEndpoint, status: Int = 500) {
        state.withLock { $0.faults.append(Fault(endpoint: endpoint, remaining: count, status: status)) }
    }

    /// Makes `starting_build` answer `{"can_start": false}` for `taskID`.
    public func refuseStart(_ taskID: String) {
        _ = state.withLock { $0.refusedStarts.insert(taskID) }
    }

    /// Changes the `Copr-FE-BE-API-Version` header; nil omits it.
    public func setAPIVersion(_ version: Int?) {
        state.withLock { $0.apiVersion = version }
    }

    /// Changes the password writes must carry.
    public func setPassword(_ password: String) {
        state.withLock { $0.password = password }
    }

    // MARK: Recorded traffic

    /// Every request received, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The requests that went to `endpoint`.
    public func requests(to endpoint: FrontendEndpoint) -> [RecordedRequest] {
        requests.filter { endpoint.matches(path: $0.path) }
    }

    /// The job dicts accepted by `starting_build/`, in order.
    public var startingBuilds: [JSONValue] { state.withLock { $0.startingBuilds } }

    /// The `builds` dicts accepted by `update/` for `taskID`, in order.
    public func updates(forTask taskID: String) -> [JSONValue] {
        state.withLock { $0.updatedBuilds }.filter { $0["task_id"]?.stringValue == taskID }
    }

    /// The tasks reported through `build-tasks/canceled/<id>/`, with the posted body.
    public var canceledReports: [(taskID: String, body: JSONValue?)] {
        state.withLock { $0.canceledReports }
    }

    /// Waits until an update with a final status (0 failed, 1 succeeded) arrives for
    /// `task` and returns that build dict.
    public func waitForFinalUpdate(task taskID: String, timeout: Duration = .seconds(30)) async throws -> JSONValue {
        var found: JSONValue?
        try await waitUntil("a final update/ for task \(taskID)", timeout: timeout) {
            found = self.updates(forTask: taskID).first { [0, 1].contains($0["status"]?.intValue) }
            return found != nil
        }
        return found ?? .null
    }

    // MARK: Request handling

    private func handle(_ request: RecordedRequest) -> StubHTTPServer.Reply {
        state.withLock { state in
            state.requests.append(request)
            var headers = [("Content-Type", "application/json")]
            if request.path.hasPrefix("/backend/"), let version = state.apiVersion {
                headers.append(("Copr-FE-BE-API-Version", String(version)))
            }
            func reply(_ status: Int, _ body: JSONValue) -> StubHTTPServer.Reply {
                .init(status: status, headers: headers, body: body.data)
            }

            if let index = state.faults.firstIndex(where: { $0.endpoint.matches(path: request.path) }) {
                state.faults[index].remaining -= 1
                let status = state.faults[index].status
                if state.faults[index].remaining <= 0 { state.faults.remove(at: index) }
                return reply(status, ["msg": "Injected failure"])
            }
            let isWrite = request.method == "POST" || request.method == "PUT"
            if isWrite && request.basicAuthPassword != state.password {
                headers[0].1 = "text/plain"
                return .init(status: 401, headers: headers, body: Data("You have to provide the correct password\n".utf8))
            }
            guard let endpoint = FrontendEndpoint(path: request.path) else {
                return reply(404, ["msg": "Not found"])
            }
            let expectsWrite = [.startingBuild, .update, .canceled].contains(endpoint)
            guard isWrite == expectsWrite, isWrite || request.method == "GET" else {
                return reply(405, ["msg": "Method not allowed"])
            }
            let lastComponent = request.path.split(separator: "/").last.map(String.init) ?? ""

            switch endpoint {
            case .getBuildTask, .getSRPMBuildTask:
                let tasks = endpoint == .getBuildTask ? state.rpmTasks : state.srpmTasks
                guard let record = tasks[lastComponent] else {
                    return reply(404, ["msg": "Specified task ID not found"])
                }
                return reply(200, record)
            case .startingBuild:
                let job = request.json ?? .null
                state.startingBuilds.append(job)
                let taskID = job["task_id"]?.stringValue ?? ""
                return reply(200, ["can_start": .bool(!state.refusedStarts.contains(taskID))])
            case .update:
                let builds = request.json?["builds"]?.arrayValue ?? []
                state.updatedBuilds += builds
                for build in builds where [0, 1].contains(build["status"]?.intValue) {
                    if let taskID = build["task_id"]?.stringValue { state.finishedTasks.insert(taskID) }
                }
                let ids = builds.compactMap { $0["id"] ?? $0["build_id"] }
                return reply(200, ["updated_builds_ids": .array(ids), "non_existing_builds_ids": []])
            case .pendingJobs:
                return reply(200, .array(Self.pendingJobs(state)))
            case .cancelRequests:
                return reply(200, .array(state.cancelRequests.map { .string($0) }))
            case .canceled:
                state.cancelRequests.removeAll { $0 == lastComponent }
                state.canceledReports.append((lastComponent, request.json))
                state.finishedTasks.insert(lastComponent)
                return reply(200, "success")
            case .pathPrefix, .any:
                return reply(404, ["msg": "Not found"])
            }
        }
    }

    /// The HEAD `pending-jobs` list: unfinished, non-null tasks in the short form, SRPM
    /// tasks first, then RPM tasks; non-background before background; by build id.
    private static func pendingJobs(_ state: State) -> [JSONValue] {
        func list(_ tasks: [String: JSONValue], keys: [String]) -> [JSONValue] {
            tasks.filter { !state.finishedTasks.contains($0.key) && !$0.value.isNull }
                .map(\.value)
                .sorted {
                    let a = ($0["background"]?.boolValue == true ? 1 : 0, $0["build_id"]?.intValue ?? 0)
                    let b = ($1["background"]?.boolValue == true ? 1 : 0, $1["build_id"]?.intValue ?? 0)
                    return a < b
                }
                .map { record in .object((record.objectValue ?? [:]).filter { keys.contains($0.key) }) }
        }
        let common = ["task_id", "build_id", "project_owner", "sandbox", "background", "chroot"]
        return list(state.srpmTasks, keys: common) + list(state.rpmTasks, keys: common + ["tags", "allow_user_ssh"])
    }
}
