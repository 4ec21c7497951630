/// Why a frontend request failed for good.
public enum FrontendError: Error, CustomStringConvertible, Sendable {
    /// 404 for a task record: the task does not exist (any more).
    case notFound(url: String, message: String)
    /// A 4xx other than 404 and 408: the request itself is wrong; retrying cannot help.
    case clientError(url: String, status: Int, body: String)
    /// A response that does not follow the API (unparsable JSON, missing keys).
    case badResponse(url: String, reason: String)
    /// The retry policy ran out of attempts.
    case gaveUp(url: String, attempts: Int, lastError: String)

    public var description: String {
        switch self {
        case .notFound(let url, let message):
            "Frontend says the task does not exist (\(url)): \(message)"
        case .clientError(let url, let status, let body):
            "Request client error on \(url): \(status) \(body.prefix(200))"
        case .badResponse(let url, let reason):
            "Bad response from the frontend (\(url)): \(reason)"
        case .gaveUp(let url, let attempts, let lastError):
            "The frontend didn't return a successful response for \(url) (we gave it \(attempts) attempts); last error: \(lastError)"
        }
    }
}
