import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Logging
import Testing

/// The Copr backend API client against a frontend over real HTTP.
@Suite("Frontend client", .timeLimit(.minutes(3)))
struct FrontendClientTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func client(_ frontend: FrontendStub, password: String = "frontend-auth", attempts: Int? = nil) -> FrontendClient {
        FrontendClient(
            baseURL: frontend.baseURL, password: password,
            policy: FrontendRetryPolicy(maxAttempts: attempts, step: .milliseconds(100), requestTimeout: .seconds(5)),
            logger: logger)
    }

    @Test("a frontend with an old API version is retried after sleeps, never in a busy loop")
    func oldAPIVersion() async throws {
        let frontend = try await FrontendStub.start(apiVersion: 8)
        defer { Task { await frontend.shutdown() } }
        frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 5))
        let client = client(frontend)
        let request = Task { try await client.task(.rpm(buildID: 5, chroot: "fedora-41-x86_64")) }
        try await waitUntil("three attempts", timeout: .seconds(30)) { frontend.requests(to: .getBuildTask).count >= 3 }
        let times = frontend.requests(to: .getBuildTask).map(\.receivedAt)
        // Sleeps of 100 ms, then 200 ms: nothing like a busy loop.
        #expect(times[1].timeIntervalSince(times[0]) >= 0.09)
        #expect(times[2].timeIntervalSince(times[1]) >= 0.19)
        frontend.setAPIVersion(9)
        let record = try await request.value
        #expect(record?.fields["build_id"] == 5)
    }

    @Test("client errors are not retried; a wrong password says so at once")
    func clientErrors() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        let error = await #expect(throws: FrontendError.self) {
            try await client(frontend, password: "wrong").update(JobReport(TaskReport(task: .source(buildID: 1), status: .running), echoing: [:]))
        }
        guard case .clientError(_, let status, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(status == 401)
        #expect(frontend.requests(to: .update).count == 1)
        await #expect(throws: FrontendError.self) { try await client(frontend).task(.source(buildID: 404)) }
        #expect(frontend.requests(to: .getSRPMBuildTask).count == 1)
    }

    @Test("a bounded policy gives up after its attempts; every request carries Basic auth")
    func boundedRetries() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        frontend.failNext(10, .startingBuild, status: 502)
        let error = await #expect(throws: FrontendError.self) {
            try await client(frontend, attempts: 3).startingBuild(JobReport(TaskReport(task: .source(buildID: 1), status: .starting), echoing: [:]))
        }
        guard case .gaveUp(_, let attempts, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(attempts == 3)
        let requests = frontend.requests(to: .startingBuild)
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.basicAuthPassword == "frontend-auth" && $0.path == "/backend/starting_build/" })
    }
}
