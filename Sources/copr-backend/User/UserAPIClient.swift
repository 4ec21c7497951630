import ArgumentParser
import AsyncHTTPClient
import CoprBackend
import CoprCore
import Foundation
import NIOCore
import NIOHTTP1

/// The embedded frontend's user API (`docs/USER-API.md`) as the CLI uses it. Every
/// refusal becomes ``UserAPIFailure`` with the server's own message.
struct UserAPIClient: Sendable {
    /// The frontend's public URL, without a trailing slash.
    let baseURL: String
    /// Base64 of `login:token`, sent as HTTP Basic authentication with every request.
    let credentials: String?
    /// Answers of a working server take milliseconds; an upload may take long.
    private static let requestTimeout = TimeAmount.seconds(30)
    private static let uploadTimeout = TimeAmount.hours(1)
    /// JSON answers are small; a log chunk is at most 1 MiB.
    private static let maximumAnswer = 16 << 20

    /// Refuses a `baseURL` that is no http(s) URL with a host, saying how to write it.
    init(baseURL: String, credentials: String? = nil) throws(UserAPIFailure) {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty
        else {
            let hint = trimmed.contains("://") ? "" : "; write it with its scheme: http://\(trimmed)"
            throw UserAPIFailure("the frontend URL \(TaskRules.quoted(baseURL)) is not an http:// or https:// URL with a host\(hint)")
        }
        self.baseURL = trimmed
        self.credentials = credentials
    }

    func get(_ path: String) async throws -> JSONValue {
        try await json(HTTPClientRequest(url: baseURL + path))
    }

    func send(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try body.encoded()))
        }
        return try await json(request)
    }

    /// Streams the file at `path` as the body of a POST to `apiPath`.
    func upload(_ apiPath: String, file path: String) async throws -> JSONValue {
        guard let file = FileHandle(forReadingAtPath: path),
              let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        else { throw UserAPIFailure("cannot read \(path)") }
        var request = HTTPClientRequest(url: baseURL + apiPath)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .stream(FileChunks(file: file), length: .known(Int64(size)))
        return try await json(request, timeout: Self.uploadTimeout)
    }

    /// The text of a page of the results tree at `url` (a `result_url` of an answer).
    func text(absoluteURL url: String) async throws -> String {
        let response = try await execute(HTTPClientRequest(url: url))
        let body = try await response.body.collect(upTo: Self.maximumAnswer)
        guard response.status == .ok else { throw UserAPIFailure(status: response.status, body: body, url: url) }
        return String(buffer: body)
    }

    /// Streams the file at `url` into `path`.
    func download(absoluteURL url: String, to path: String) async throws {
        let response = try await execute(HTTPClientRequest(url: url), timeout: Self.uploadTimeout)
        guard response.status == .ok else {
            throw UserAPIFailure(status: response.status, body: try await response.body.collect(upTo: Self.maximumAnswer), url: url)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw UserAPIFailure("cannot write \(path)")
        }
        defer { try? file.close() }
        for try await piece in response.body {
            try file.write(contentsOf: Data(piece.readableBytesView))
        }
    }

    /// One answer of the log endpoint: the bytes and the headers that say what follows.
    struct LogChunk {
        var bytes: ByteBuffer
        var nextOffset: Int
        var taskState: String
        var complete: Bool
    }

    func log(buildID: Int, chroot: String, offset: Int) async throws -> LogChunk {
        let response = try await execute(
            HTTPClientRequest(url: "\(baseURL)/api/builds/\(buildID)/log/\(Self.pathComponent(chroot))?offset=\(offset)"))
        let body = try await response.body.collect(upTo: Self.maximumAnswer)
        guard response.status == .ok else { throw UserAPIFailure(status: response.status, body: body, url: baseURL) }
        return LogChunk(
            bytes: body,
            nextOffset: response.headers.first(name: "Copr-Log-Offset").flatMap { Int($0) } ?? offset + body.readableBytes,
            taskState: response.headers.first(name: "Copr-Task-State") ?? "unknown",
            complete: response.headers.first(name: "Copr-Log-Complete") == "true")
    }

    /// `value` escaped for one path segment.
    static func pathComponent(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? value
    }

    private func json(_ request: HTTPClientRequest, timeout: TimeAmount = requestTimeout) async throws -> JSONValue {
        let response = try await execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maximumAnswer)
        guard (200..<300).contains(response.status.code) else {
            let failure = UserAPIFailure(status: response.status, body: body, url: baseURL)
            // A 404 without the frontend's error from a server that lists projects is a
            // frontend without this route: an older copr-backend, not the wrong address.
            if response.status == .notFound, !failure.isFrontendRefusal, request.url != baseURL + "/api/projects",
               (try? await get("/api/projects").arrayValue) != nil {
                throw UserAPIFailure(
                    "the embedded frontend at \(baseURL) has no \(request.url.dropFirst(baseURL.count)): it is older than this "
                        + "CLI (\(CoprBackendCommand.version)); update copr-backend run there")
            }
            throw failure
        }
        do {
            return try JSONValue.decode(Data(body.readableBytesView))
        } catch {
            throw UserAPIFailure(
                "\(baseURL) answered \(request.url) with something that is not JSON: it is not copr-backend's embedded frontend; "
                    + "give the frontend's address ([frontend] public_url) with --url")
        }
    }

    private func execute(_ request: HTTPClientRequest, timeout: TimeAmount = requestTimeout) async throws -> HTTPClientResponse {
        var request = request
        if let credentials { request.headers.replaceOrAdd(name: "Authorization", value: "Basic \(credentials)") }
        do {
            return try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw UserAPIFailure(connecting: baseURL, error)
        }
    }
}

/// A file read in 256 KiB pieces, for uploads that need not fit in memory.
private struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let file: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: FileHandle
        mutating func next() async throws -> ByteBuffer? {
            guard let data = try file.read(upToCount: 256 * 1024), !data.isEmpty else {
                try? file.close()
                return nil
            }
            return ByteBuffer(data: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(file: file) }
}
