import AsyncHTTPClient
import Logging
import NIOCore

extension FrontendRetryPolicy {
    /// One request to the frontend within ``requestTimeout``, its answer read up to
    /// `limit` bytes: what is worth another attempt of ``run(_:url:logger:metrics:_:)``
    /// (a network error, 408 or 5xx) is a ``RetryableFrontendFailure``; every other answer
    /// is returned for the caller to judge. The one place where a call to the frontend
    /// (the backend API, the comps download) tells a passing failure from an answer.
    /// - Throws: `NIOTooManyBytesError` for a larger answer, which no retry makes smaller.
    func exchange(
        _ request: HTTPClientRequest, on http: HTTPClient = .shared, upTo limit: Int, logger: Logger
    ) async throws -> (response: HTTPClientResponse, body: ByteBuffer) {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds(Int64(requestTimeout.seconds * 1e9)), logger: logger)
            body = try await response.body.collect(upTo: limit)
        } catch is CancellationError {
            throw CancellationError()
        } catch let tooLarge as NIOTooManyBytesError {
            throw tooLarge
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw RetryableFrontendFailure("network error: \(error)")
        }
        switch response.status.code {
        case 408, 500...: throw RetryableFrontendFailure("HTTP \(response.status.code) \(String(buffer: body).prefix(200))")
        default: return (response, body)
        }
    }
}
