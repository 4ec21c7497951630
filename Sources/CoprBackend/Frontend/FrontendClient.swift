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
    /// The largest answer read; a larger one is refused, not retried.
    static let maximumAnswerBytes = 64 * 1024 * 1024

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

    public func pendingJobs() async throws -> [JSONValue] {
        try await request(.GET, "pending-jobs").arrayValue ?? []
    }

    public func task(_ task: TaskID) async throws -> TaskRecord? {
        let path = task.isSourceBuild ? "get-srpm-build-task/\(task.buildID)" : "get-build-task/\(task)"
        return try FrontendError.taskRecord(in: try await request(.GET, path), url: url(path))
    }

    public func startingBuild(_ report: JobReport) async throws -> Bool {
        let response = try await request(.POST, "starting_build", body: .object(report.fields))
        guard let canStart = response["can_start"]?.boolValue else {
            throw FrontendError.badResponse(url: url("starting_build"), reason: "no can_start in the answer")
        }
        return canStart
    }

    public func update(_ report: JobReport) async throws {
        _ = try await request(.POST, "update", body: ["builds": [.object(report.fields)]])
    }

    public func cancelRequests() async throws -> [TaskID] {
        TaskID.cancelRequests(in: try await request(.GET, "build-tasks/cancel-requests").arrayValue ?? [], logger: logger)
    }

    public func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws {
        _ = try await request(.POST, "build-tasks/canceled/\(task)", body: wasRunning ? .bool(true) : .null)
    }

    func url(_ path: String) -> String { "\(baseURL)/backend/\(path)/" }

    /// One API call with the retry policy: returns the decoded JSON answer.
    func request(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        let url = url(path)
        return try await policy.run(path, url: url, logger: logger, metrics: metrics) {
            logger.debug("Sending \(method) request to frontend URL - \(url)")
            return try await send(method, url, body: body)
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
        let response: HTTPClientResponse, bytes: ByteBuffer
        do {
            (response, bytes) = try await policy.exchange(request, on: http, upTo: Self.maximumAnswerBytes, logger: logger)
        } catch is NIOTooManyBytesError {
            throw FrontendError.badResponse(url: url, reason: "the answer is larger than \(Self.maximumAnswerBytes) bytes")
        }
        let status = Int(response.status.code)
        let text = String(buffer: bytes)
        guard status < 400 else { throw FrontendError(refusal: status, url: url, body: text) }
        let version = response.headers.first(name: "Copr-FE-BE-API-Version").flatMap { Int($0) }
        guard let version, version >= Self.minimumAPIVersion else {
            let found = version.map(String.init) ?? "missing"
            throw RetryableFrontendFailure(
                "Copr FE/BE API is too old on Frontend side, \(found) < \(Self.minimumAPIVersion)")
        }
        do {
            return try JSONValue.decode(Data(text.utf8))
        } catch {
            throw FrontendError.badResponse(url: url, reason: "invalid JSON: \(text.prefix(200))")
        }
    }
}
