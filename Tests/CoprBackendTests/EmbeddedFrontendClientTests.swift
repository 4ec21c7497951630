import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// The backend's own `FrontendClient` against the embedded frontend: every call the
/// dispatcher and the worker make works unchanged.
@Suite("Embedded frontend: the backend's FrontendClient", .timeLimit(.minutes(1)))
struct EmbeddedFrontendClientTests {
    typealias Server = EmbeddedFrontendTestServer

    @Test("pending jobs, task records, starting_build, update, cancel requests and confirmations")
    func everyCall() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit(chroots: ["fedora-41-x86_64"])
            let client = frontend.client()

            let pending = try await client.pendingJobs()
            #expect(pending.map { $0["task_id"]?.stringValue } == ["\(id)"])
            let source = try #require(try await client.task(id: "\(id)", sourceBuild: true))
            #expect(source["source_type"] == 8)
            // The worker builds its job from the record exactly as it would from Copr's.
            var job = try BuildJob(record: source, destdir: "/results", resultsBaseURL: "http://results.test/results",
                                   frontendBaseURL: frontend.baseURL, defaultTimeout: 3600)
            #expect(job.isSourceBuild)
            #expect(job.taskURL == "\(frontend.baseURL)/backend/get-srpm-build-task/\(id)")
            job.status = .starting
            job.startedOn = 1_700_000_000
            #expect(try await client.startingBuild(job.updateDictionary))
            job.status = .succeeded
            job.endedOn = 1_700_000_050
            job.pkgName = "hello"
            job.pkgVersion = "2.0-3"
            job.srpmURL = "\(job.resultsDirURL)/hello-2.0-3.src.rpm"
            try await client.update(builds: [job.updateDictionary])

            let rpm = try #require(try await client.task(id: "\(id)-fedora-41-x86_64", sourceBuild: false))
            let rpmJob = try BuildJob(record: rpm, destdir: "/results", resultsBaseURL: "http://results.test/results",
                                      frontendBaseURL: frontend.baseURL, defaultTimeout: 3600)
            #expect(rpmJob.packageName == "hello")
            #expect(rpmJob.packageVersion == "2.0-3")
            #expect(rpmJob.targetDirName == String(format: "%08d-hello", id))
            #expect(rpm["srpm_url"]?.stringValue == "http://results.test/results/jdoe/hello/srpm-builds/\(String(format: "%08d", id))/hello-2.0-3.src.rpm")
            #expect(try await client.pendingJobs().map { $0["task_id"]?.stringValue } == ["\(id)-fedora-41-x86_64"])

            try await frontend.store.requestCancel(buildID: id)
            #expect(try await client.cancelRequests() == ["\(id)-fedora-41-x86_64"])
            #expect(try await client.startingBuild(rpmJob.updateDictionary) == false)
            try await client.reportCanceled(taskID: "\(id)-fedora-41-x86_64", wasRunning: false)
            #expect(try await client.cancelRequests() == [])
            #expect(try await frontend.store.build(id: id).chroots.map(\.status) == [.canceled])
        }
    }

    @Test("an unknown task is the client's notFound, a wrong password its client error")
    func errors() async throws {
        try await Server.run { frontend in
            let error = await #expect(throws: FrontendError.self) { try await frontend.client().task(id: "31", sourceBuild: true) }
            guard case .notFound(_, let message)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(message == "Specified task ID not found: 31")

            let refused = await #expect(throws: FrontendError.self) {
                try await frontend.client(password: "wrong").update(builds: [])
            }
            guard case .clientError(_, let status, _)? = refused else { Issue.record("\(String(describing: refused))"); return }
            #expect(status == 401)
        }
    }
}
