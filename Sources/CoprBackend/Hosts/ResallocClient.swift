import CoprCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// The state of a resalloc ticket as `collectTicket` reports it.
public struct TicketState: Sendable {
    public var ready: Bool
    public var closed: Bool
    public var failed: Bool
    public var output: String?
}

/// resalloc's XML-RPC API: `takeTicket`, `collectTicket`, `closeTicket`.
///
/// Connection errors are retried every `retryPause`, as upstream's client does with
/// `request_survives_server_restart`; each request has a timeout. `attempts` bounds the
/// retries of one call (nil: until the caller's task is cancelled).
public struct ResallocClient: Sendable {
    public var url: String
    public var retryPause: Duration
    public var requestTimeout: Duration
    private let http: HTTPClient

    public init(url: String, retryPause: Duration, requestTimeout: Duration, http: HTTPClient = .shared) {
        self.url = url
        self.retryPause = retryPause
        self.requestTimeout = requestTimeout
        self.http = http
    }

    public func takeTicket(tags: [String], sandbox: String?, logger: Logger) async throws -> Int {
        var params: [XMLRPCValue] = [.array(tags.map(XMLRPCValue.string))]
        if let sandbox, !sandbox.isEmpty { params.append(.string(sandbox)) }
        let value = try await call("takeTicket", params, attempts: nil, logger: logger)
        guard let id = value.intValue else { throw XMLRPCFault(code: -1, message: "takeTicket returned \(value)") }
        return id
    }

    public func collectTicket(_ id: Int, attempts: Int? = nil, logger: Logger) async throws -> TicketState {
        let value = try await call("collectTicket", [.int(id)], attempts: attempts, logger: logger)
        return TicketState(
            ready: value["ready"]?.boolValue ?? false,
            closed: value["closed"]?.boolValue ?? false,
            failed: value["failed"]?.boolValue ?? false,
            output: value["output"]?.textValue)
    }

    public func closeTicket(_ id: Int, attempts: Int?, logger: Logger) async throws {
        _ = try await call("closeTicket", [.int(id)], attempts: attempts, logger: logger)
    }

    private func call(_ method: String, _ params: [XMLRPCValue], attempts: Int?, logger: Logger) async throws -> XMLRPCValue {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await send(XMLRPC.methodCall(method, params))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                if let attempts, attempt >= attempts { throw error }
                logger.warning("resalloc \(method) failed (attempt \(attempt)), retrying in \(retryPause.seconds) s: \(error)")
                try await Task.sleep(for: retryPause)
            }
        }
    }

    private func send(_ body: String) async throws -> XMLRPCValue {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .nanoseconds(Int64(requestTimeout.seconds * 1e9)))
        let bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
        guard response.status.code == 200 else {
            throw XMLRPCFault(code: Int(response.status.code), message: "HTTP \(response.status.code) from resalloc")
        }
        return try XMLRPC.parseResponse(Data(bytes.readableBytesView))
    }
}
