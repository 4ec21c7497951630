import CoprCore
import Foundation

/// A directory under /tmp that one test owns; removed by `withScratch`.
struct Scratch: Sendable {
    let path: String

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    /// The pid a test script wrote into `name` (`echo $$ > name`), once it is there.
    func pid(_ name: String) async throws -> Int32 {
        for _ in 0..<200 {
            if let pid = Int32(read(name).trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ScratchError.noPid(name)
    }
}

enum ScratchError: Error {
    case noPid(String)
}

func withScratch<T>(_ body: (Scratch) async throws -> T) async throws -> T {
    let path = "/tmp/copr-core-test-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(Scratch(path: path))
}

/// Whether the process `pid` is alive (not a zombie).
func isRunning(_ pid: Int32) -> Bool {
    ProcessTable().entries.contains { $0.pid == pid }
}

/// Whether `condition` holds within `limit`: a process that got SIGKILL still has to be
/// scheduled to die, which takes a while on a loaded machine.
func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while !condition() {
        guard clock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// Chunks handed over by a streamed child, in order.
final class Received: Sendable {
    private let bytes = LockedValue([UInt8]())

    func append(_ chunk: [UInt8]) { bytes.withLock { $0 += chunk } }

    var text: String { String(decoding: bytes.value, as: UTF8.self) }
}
