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

    init(baseURL: String, credentials: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
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
        guard response.status == .ok else { throw UserAPIFailure(status: response.status, body: body) }
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
        guard (200..<300).contains(response.status.code) else { throw UserAPIFailure(status: response.status, body: body) }
        do {
            return try JSONValue.decode(Data(body.readableBytesView))
        } catch {
            throw UserAPIFailure("\(request.url) answered something that is not JSON")
        }
    }

    private func execute(_ request: HTTPClientRequest, timeout: TimeAmount = requestTimeout) async throws -> HTTPClientResponse {
        var request = request
        if let credentials { request.headers.replaceOrAdd(name: "Authorization", value: "Basic \(credentials)") }
        do {
            return try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw UserAPIFailure(
                "no frontend answers at \(baseURL) (\(error)); start it with copr-backend run, or name it with --url")
        }
    }
}

/// A request the frontend refused or could not answer, in its own words.
struct UserAPIFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }

    init(status: HTTPResponseStatus, body: ByteBuffer) {
        let text = String(buffer: body)
        let message = (try? JSONValue.decode(Data(text.utf8)))?["error"]?.stringValue ?? text
        description = "\(status.code) \(status.reasonPhrase): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
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
