import CoprBackend
import Logging
import Testing

@Suite("Static host pool", .timeLimit(.minutes(3)))
struct StaticHostPoolTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let request = HostRequest(taskTags: ["arch_x86_64"], sandbox: nil)

    @Test("hosts are handed out by tags and free slots; a release wakes a waiting task")
    func slotsAndWaiting() async throws {
        let pool = StaticHostPool(hosts: [
            .init(name: "arm", address: "10.0.0.1", tags: ["copr_builder", "arch_aarch64"]),
            .init(name: "x86", address: "10.0.0.2", tags: ["copr_builder", "arch_x86_64"]),
        ])
        let first = try await pool.allocate(request, logger: logger)
        #expect(first.name == "x86")
        let waiting = Task { try await pool.allocate(request, logger: logger) }
        try await Task.sleep(for: .milliseconds(100))
        await pool.release(first, logger: logger)
        #expect(try await waiting.value.name == "x86")
        await #expect(throws: NoMatchingHost.self) {
            try await pool.allocate(HostRequest(taskTags: ["arch_ppc64le"], sandbox: nil), logger: logger)
        }
    }

    /// No slot is ever released here: only the cancel can end the wait (a regression
    /// hangs until the time limit).
    @Test("a cancel while waiting for a slot takes effect at once", .timeLimit(.minutes(3)))
    func cancelWhileWaiting() async throws {
        let pool = StaticHostPool(hosts: [.init(name: "x86", address: "10.0.0.2", tags: ["copr_builder", "arch_x86_64"])])
        _ = try await pool.allocate(request, logger: logger)
        let waiting = Task { try await pool.allocate(request, logger: logger) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
