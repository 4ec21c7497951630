import CoprCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The Copr backend API over HTTP: Basic auth on every
/// request, JSON bodies, the `Copr-FE-BE-API-Version` gate, a timeout per request and
/// the retries of `FrontendRetryPolicy`.
public struct FrontendClient: FrontendAPI {
    /// The lowest `Copr-FE-BE-API-Version` this backend understands.
    public static let minimumAPIVersion = 9

    public let baseURL: String
    private let password: String
    private let policy: FrontendRetryPolicy
    private let logger: Logger
    private let http: HTTPClient
    private let metrics: BackendMetrics?

    public init(
        baseURL: String, password: String, policy: FrontendRetryPolicy, logger: Logger, metrics: BackendMetrics? = nil,
        http: HTTPClient = .shared
    ) {
        self.metrics = metrics
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.password = password
        self.policy = policy
        self.logger = logger
        self.http = http
    }

    public func task(id taskID: String, sourceBuild: Bool) async throws -> [String: JSONValue]? {
        let endpoint = sourceBuild ? "get-srpm-build-task" : "get-build-task"
        let value = try await request(.GET, "\(endpoint)/\(taskID)")
        if value.isNull { return nil }
        guard let record = value.objectValue else {
            throw FrontendError.badResponse(url: url("\(endpoint)/\(taskID)"), reason: "expected a task object")
        }
        return record
    }

    public func startingBuild(_ job: [String: JSONValue]) async throws -> Bool {
        let response = try await request(.POST, "starting_build", body: .object(job))
        guard let canStart = response["can_start"]?.boolValue else {
            throw FrontendError.badResponse(url: url("starting_build"), reason: "no can_start in the answer")
        }
        return canStart
    }

    public func update(builds: [[String: JSONValue]]) async throws {
        _ = try await request(.POST, "update", body: ["builds": .array(builds.map(JSONValue.object))])
    }

    /// The tasks the frontend wants built (`pending-jobs`).
    public func pendingJobs() async throws -> [JSONValue] {
        try await request(.GET, "pending-jobs").arrayValue ?? []
    }

    /// Task ids the users cancelled (`build-tasks/cancel-requests`).
    public func cancelRequests() async throws -> [String] {
        try await request(.GET, "build-tasks/cancel-requests").arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Confirms a cancel request; `wasRunning` tells whether a worker had the task.
    public func reportCanceled(taskID: String, wasRunning: Bool) async throws {
        _ = try await request(.POST, "build-tasks/canceled/\(taskID)", body: wasRunning ? .bool(true) : .null)
    }

    private func url(_ path: String) -> String { "\(baseURL)/backend/\(path)/" }

    /// One API call with the retry policy: returns the decoded JSON answer.
    private func request(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        let url = url(path)
        var attempt = 0
        while true {
            attempt += 1
            let failure: String
            do {
                logger.debug("Sending \(method) request to frontend URL - \(url)")
                return try await send(method, url, body: body)
            } catch let error as RetryableFrontendFailure {
                failure = error.description
                metrics?.frontendError()
            }
            guard policy.mayRetry(afterAttempt: attempt) else {
                throw FrontendError.gaveUp(url: url, attempts: attempt, lastError: failure)
            }
            let pause = policy.sleep(afterAttempt: attempt)
            logger.warning("Retry request #\(attempt) on \(path) in \(pause.seconds) s: \(failure)")
            try await Task.sleep(for: pause)
        }
    }

    private func send(_ method: HTTPMethod, _ url: String, body: JSONValue?) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "copr-backend-swift")
        let credentials = Data("user:\(password)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        if let body {
            request.body = .bytes(ByteBuffer(bytes: Array(try body.encoded())))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(policy.requestTimeout.seconds * 1e9)), logger: logger)
            bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw RetryableFrontendFailure(description: "network error: \(error)")
        }
        let status = Int(response.status.code)
        let text = String(buffer: bytes)
        switch status {
        case 408, 500...:
            throw RetryableFrontendFailure(description: "HTTP \(status) \(text.prefix(200))")
        case 404:
            let message = (try? JSONValue.decode(Data(text.utf8)))?["msg"]?.stringValue ?? text
            throw FrontendError.notFound(url: url, message: String(message.prefix(200)))
        case 400...:
            throw FrontendError.clientError(url: url, status: status, body: text)
        default:
            break
        }
        let version = response.headers.first(name: "Copr-FE-BE-API-Version").flatMap { Int($0) }
        guard let version, version >= Self.minimumAPIVersion else {
            let found = version.map(String.init) ?? "missing"
            throw RetryableFrontendFailure(
                description: "Copr FE/BE API is too old on Frontend side, \(found) < \(Self.minimumAPIVersion)")
        }
        do {
            return try JSONValue.decode(Data(text.utf8))
        } catch {
            throw FrontendError.badResponse(url: url, reason: "invalid JSON: \(text.prefix(200))")
        }
    }
}

/// A failure worth another attempt: network trouble, 408, 5xx, an old API version.
private struct RetryableFrontendFailure: Error, CustomStringConvertible {
    var description: String
}
