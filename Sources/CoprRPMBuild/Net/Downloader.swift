import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Fetches task JSON and source files over HTTP(S) with AsyncHTTPClient, with a time limit
/// per attempt, a size limit, and bounded, logged retries. `file://` URLs are copied when
/// ``URLPolicy`` allows them.
///
/// Redirects are followed here, not by the client, at most ``maximumRedirects`` of them:
/// each target is checked like the URL itself (``AddressCheck``), and each request goes to
/// the address its host was checked at (``PinnedHost``).
public struct Downloader: Sendable {
    public let logger: Logger
    public let policy: URLPolicy
    /// The largest accepted body; bigger downloads are aborted (4 GiB).
    public var maximumBytes: Int = 4 << 30
    /// Redirects followed per attempt, as many as AsyncHTTPClient's own default.
    public static let maximumRedirects = 5

    public init(logger: Logger, policy: URLPolicy) {
        self.logger = logger
        self.policy = policy
    }

    /// GETs `url` into memory (at most `limit` bytes): the task, at a URL the backend or
    /// the operator gave, so no address rule applies.
    public func fetch(_ url: String, retry: RetryPolicy, limit: Int = 64 << 20) async throws -> Data {
        switch try policy.check(url) {
        case .localFile(let path):
            return try Data(contentsOf: URL(fileURLWithPath: path))
        case .http(let address):
            return try await withRetries(address, retry) {
                var collected = Data()
                try await self.get(address, check: .none, timeout: retry.timeout, limit: limit) { collected.append(contentsOf: $0) }
                return collected
            }
        }
    }

    /// Downloads `url` into the file `path` (replacing it); `check` says which hops must
    /// pass the address rule.
    public func download(_ url: String, to path: String, retry: RetryPolicy, check: AddressCheck = .everyHop) async throws {
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
                try await self.get(address, check: check, timeout: retry.timeout, limit: self.maximumBytes) {
                    try handle.write(contentsOf: $0)
                }
            }
        }
    }

    /// One GET attempt, following redirects, streaming the final body to `sink`.
    private func get(_ url: String, check: AddressCheck, timeout: Duration, limit: Int,
                     sink: (Data) throws -> Void) async throws {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
        var current = url
        for hop in 0...Self.maximumRedirects {
            guard case .http = try policy.check(current) else {
                throw CoprRPMBuildError.forbiddenURL(url: current, reason: "a redirect may only lead to an http or https URL")
            }
            let pinned = check.applies(toHop: hop) ? try await policy.pin(current) : nil
            let configuration = pinned?.clientConfiguration ?? HTTPClient.Configuration(redirectConfiguration: .disallow)
            let next: String? = try await HTTPClient.withHTTPClient(configuration: configuration) { client in
                let response = try await client.execute(HTTPClientRequest(url: current), deadline: deadline)
                if let target = Self.redirectTarget(response, from: current) { return target }
                guard response.status.code == 200 else { throw HTTPStatusError(code: Int(response.status.code)) }
                var received = 0
                for try await buffer in response.body {
                    received += buffer.readableBytes
                    guard received <= limit else {
                        throw CoprRPMBuildError.downloadFailed(url: url, reason: "it is larger than \(limit) bytes")
                    }
                    try sink(Data(buffer.readableBytesView))
                }
                return nil
            }
            guard let next else { return }
            logger.info("\(current) redirects to \(next)")
            current = next
        }
        throw CoprRPMBuildError.downloadFailed(url: url, reason: "it redirects more than \(Self.maximumRedirects) times")
    }

    /// Where a redirect answer (301, 302, 303, 307, 308 with a `Location`) leads, relative
    /// locations resolved against `url`; nil for any other answer.
    private static func redirectTarget(_ response: HTTPClientResponse, from url: String) -> String? {
        guard [301, 302, 303, 307, 308].contains(response.status.code),
              let location = response.headers.first(name: "Location"),
              let target = URL(string: location, relativeTo: URL(string: url)) else { return nil }
        return target.absoluteString
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
