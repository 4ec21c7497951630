import CoprCore
import Foundation

/// Why a frontend request failed for good.
public enum FrontendError: Error, CustomStringConvertible, Sendable {
    /// 404 for a task record: the task does not exist (any more).
    case notFound(url: String, message: String)
    /// A 4xx other than 404 and 408: the request itself is wrong; retrying cannot help.
    case clientError(url: String, status: Int, body: String)
    /// A response that does not follow the API (unparsable JSON, missing keys).
    case badResponse(url: String, reason: String)
    /// A task record the task contract refuses, with its fields as sent: the worker fails
    /// the task with a report that echoes them.
    case invalidRecord(url: String, fields: [String: JSONValue], reason: InvalidField)
    /// The retry policy ran out of attempts.
    case gaveUp(url: String, attempts: Int, lastError: String)

    /// The refusal a frontend answered with a 4xx `status` other than 408: 404 with its
    /// `{"msg": …}` is `notFound`, any other `clientError`.
    public init(refusal status: Int, url: String, body: String) {
        guard status == 404 else {
            self = .clientError(url: url, status: status, body: body)
            return
        }
        let message = (try? JSONValue.decode(Data(body.utf8)))?["msg"]?.stringValue ?? body
        self = .notFound(url: url, message: String(message.prefix(200)))
    }

    /// What a `get-build-task` or `get-srpm-build-task` answer means: `null` is nil, an
    /// object is the record checked by the task contract (``invalidRecord(url:fields:reason:)``
    /// when it refuses it), anything else a ``badResponse(url:reason:)``.
    public static func taskRecord(in answer: JSONValue, url: String) throws(FrontendError) -> TaskRecord? {
        if answer.isNull { return nil }
        guard let fields = answer.objectValue else { throw .badResponse(url: url, reason: "expected a task object") }
        do {
            return try TaskRecord(fields: fields)
        } catch {
            throw .invalidRecord(url: url, fields: fields, reason: error)
        }
    }

    public var description: String {
        switch self {
        case .notFound(let url, let message):
            "Frontend says the task does not exist (\(url)): \(message)"
        case .clientError(let url, let status, let body):
            "Request client error on \(url): \(status) \(body.prefix(200))"
        case .badResponse(let url, let reason):
            "Bad response from the frontend (\(url)): \(reason)"
        case .invalidRecord(let url, _, let reason):
            "The frontend sent a task record the backend refuses (\(url)): \(reason)"
        case .gaveUp(let url, let attempts, let lastError):
            "The frontend didn't return a successful response for \(url) (we gave it \(attempts) attempts); last error: \(lastError)"
        }
    }
}
