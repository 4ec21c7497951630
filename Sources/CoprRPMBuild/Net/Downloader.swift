import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Fetches task JSON and source files over HTTP(S) with AsyncHTTPClient, with a time limit
/// per attempt, a size limit, and bounded, logged retries. `file://` URLs are copied when
/// ``URLPolicy`` allows them.
public struct Downloader: Sendable {
    public let logger: Logger
    public let policy: URLPolicy
    /// The largest accepted body; bigger downloads are aborted (4 GiB).
    public var maximumBytes: Int = 4 << 30

    public init(logger: Logger, policy: URLPolicy) {
        self.logger = logger
        self.policy = policy
    }

    /// GETs `url` into memory (at most `limit` bytes).
    public func fetch(_ url: String, retry: RetryPolicy, limit: Int = 64 << 20) async throws -> Data {
        switch try policy.check(url) {
        case .localFile(let path):
            return try Data(contentsOf: URL(fileURLWithPath: path))
        case .http(let address):
            return try await withRetries(address, retry) {
                var collected = Data()
                try await self.get(address, timeout: retry.timeout, limit: limit) { collected.append(contentsOf: $0) }
                return collected
            }
        }
    }

    /// Downloads `url` into the file `path` (replacing it).
    public func download(_ url: String, to path: String, retry: RetryPolicy) async throws {
        logger.info("Downloading \(url) to \(path)")
        switch try policy.check(url) {
        case .localFile(let source):
            guard FileManager.default.isReadableFile(atPath: source) else {
                throw CoprRPMBuildError.downloadFailed(url: url, reason: "the file does not exist")
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.copyItem(atPath: source, toPath: path)
        case .http(let address):
            try await withRetries(address, retry) {
                guard FileManager.default.createFile(atPath: path, contents: nil),
                      let handle = FileHandle(forWritingAtPath: path) else {
                    throw CoprRPMBuildError.missingFile(path: path, reason: "cannot create the file")
                }
                defer { try? handle.close() }
                try await self.get(address, timeout: retry.timeout, limit: self.maximumBytes) { try handle.write(contentsOf: $0) }
            }
        }
    }

    /// One GET attempt, streaming the body to `sink`.
    private func get(_ url: String, timeout: Duration, limit: Int,
                     sink: (Data) throws -> Void) async throws {
        let request = HTTPClientRequest(url: url)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
        let response = try await HTTPClient.shared.execute(request, deadline: deadline)
        guard response.status.code == 200 else {
            throw HTTPStatusError(code: Int(response.status.code))
        }
        var received = 0
        for try await buffer in response.body {
            received += buffer.readableBytes
            guard received <= limit else {
                throw CoprRPMBuildError.downloadFailed(url: url, reason: "it is larger than \(limit) bytes")
            }
            try sink(Data(buffer.readableBytesView))
        }
    }

    /// Runs `attempt` up to `retry.attempts` times, logging each failure. Client errors
    /// (4xx other than 408 and 429) are final at once: repeating them cannot help.
    private func withRetries<T>(_ url: String, _ retry: RetryPolicy,
                                _ attempt: () async throws -> T) async throws -> T {
        var lastError: any Error = CoprRPMBuildError.downloadFailed(url: url, reason: "not attempted")
        for number in 1...retry.attempts {
            do {
                return try await attempt()
            } catch let error as HTTPStatusError where !error.isRetryable {
                throw CoprRPMBuildError.downloadFailed(url: url, reason: "HTTP status \(error.code)")
            } catch let error as CoprRPMBuildError {
                throw error
            } catch {
                lastError = error
                guard number < retry.attempts else { break }
                logger.warning("Attempt \(number)/\(retry.attempts) to GET \(url) failed: \(error); retrying in \(retry.delay)")
                try await Task.sleep(for: retry.delay)
            }
        }
        throw CoprRPMBuildError.downloadFailed(url: url, reason: "\(lastError) (after \(retry.attempts) attempts)")
    }
}

/// A non-200 HTTP answer.
struct HTTPStatusError: Error, CustomStringConvertible {
    let code: Int
    var isRetryable: Bool { code >= 500 || code == 408 || code == 429 }
    var description: String { "HTTP status \(code)" }
}
