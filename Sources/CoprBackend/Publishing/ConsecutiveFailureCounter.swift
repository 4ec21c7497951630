import Foundation

/// Upstream's `copr:sys:consecutive_build_fails`, kept in a file under
/// the state dir instead of Redis: reset to 0 by a build whose results were downloaded
/// and succeeded, increased by one that failed. Monitoring reads the number from
/// `<state_dir>/consecutive_build_fails` and compares it with
/// `[builder] consecutive_failure_threshold`.
public struct ConsecutiveFailureCounter: Sendable {
    public let path: String

    public init(stateDirectory: String) {
        path = (stateDirectory as NSString).appendingPathComponent("consecutive_build_fails")
    }

    public var value: Int {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// Records one build result; concurrent processes are serialised by a lock file.
    public func record(failed: Bool) async throws {
        let lock = try await InterProcessLock.acquire(path: path + ".lock")
        defer { lock.release() }
        let next = failed ? value + 1 : 0
        try "\(next)\n".write(toFile: path, atomically: true, encoding: .utf8)
    }
}
