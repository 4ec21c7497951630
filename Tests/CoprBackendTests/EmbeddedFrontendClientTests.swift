import CoprBackend
import CoprCore
import CoprFrontend
import CoprInProcessFrontend
import CoprTestSupport
import Foundation
import Logging
import Testing

/// The embedded frontend as the dispatcher and the worker reach it: over HTTP with the
/// backend's own `FrontendClient`, as any Copr frontend, and in the daemon's process with
/// `InProcessFrontend`, as `copr-backend run` does. Both hold to one contract: the same
/// conversation gives the same answers and the same refusals either way.
@Suite("Embedded frontend: the backend's FrontendClient and InProcessFrontend", .timeLimit(.minutes(3)))
struct EmbeddedFrontendClientTests {
    typealias Server = EmbeddedFrontendTestServer

    /// How the backend reaches the embedded frontend.
    enum Access: String, CaseIterable, CustomTestStringConvertible {
        case http, inProcess
        var testDescription: String { rawValue }

        func frontend(_ server: Server) -> any FrontendAPI {
            switch self {
            case .http:
                server.client()
            case .inProcess:
                InProcessFrontend(
                    store: server.store, layout: server.layout, policy: FrontendRetryPolicy(maxAttempts: 2, step: .milliseconds(50), requestTimeout: .seconds(5)),
                    logger: Logger(label: "in-process-frontend") { _ in SwiftLogNoOpLogHandler() })
            }
        }
    }

    @Test("pending jobs, task records, starting_build, update, cancel requests and confirmations", arguments: Access.allCases)
    func everyCall(access: Access) async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit(chroots: ["fedora-41-x86_64"])
            let client = access.frontend(frontend)

            let pending = try await client.pendingJobs()
            #expect(pending.map { $0["task_id"]?.stringValue } == ["\(id)"])
            let source = try #require(try await client.task(.source(buildID: id)))
            #expect(source.fields["source_type"] == 8)
            // The worker builds its job from the record exactly as it would from Copr's.
            var job = try BuildJob(record: source.fields, destdir: "/results", resultsBaseURL: "http://results.test/results",
                                   frontendBaseURL: frontend.baseURL, defaultTimeout: 3600)
            #expect(job.isSourceBuild)
            #expect(job.taskURL == "\(frontend.baseURL)/backend/get-srpm-build-task/\(id)")
            job.status = .starting
            job.startedOn = 1_700_000_000
            #expect(try await client.startingBuild(job.report))
            job.status = .succeeded
            job.endedOn = 1_700_000_050
            job.pkgName = "hello"
            job.pkgVersion = "2.0-3"
            job.srpmURL = "\(job.resultsDirURL)/hello-2.0-3.src.rpm"
            try await client.update(job.report)

            let rpm = try #require(try await client.task(.rpm(buildID: id, chroot: "fedora-41-x86_64")))
            let rpmJob = try BuildJob(record: rpm.fields, destdir: "/results", resultsBaseURL: "http://results.test/results",
                                      frontendBaseURL: frontend.baseURL, defaultTimeout: 3600)
            #expect(rpmJob.packageName == "hello")
            #expect(rpmJob.packageVersion == "2.0-3")
            #expect(rpmJob.targetDirName == String(format: "%08d-hello", id))
            #expect(rpm.fields["srpm_url"]?.stringValue == "http://results.test/results/jdoe/hello/srpm-builds/\(String(format: "%08d", id))/hello-2.0-3.src.rpm")
            #expect(try await client.pendingJobs().map { $0["task_id"]?.stringValue } == ["\(id)-fedora-41-x86_64"])

            try await frontend.store.requestCancel(buildID: id)
            #expect(try await client.cancelRequests() == [.rpm(buildID: id, chroot: "fedora-41-x86_64")])
            #expect(try await client.startingBuild(rpmJob.report) == false)
            try await client.reportCanceled(.rpm(buildID: id, chroot: "fedora-41-x86_64"), wasRunning: false)
            #expect(try await client.cancelRequests() == [])
            #expect(try await frontend.store.build(id: id).chroots.map(\.status) == [.canceled])
        }
    }

    @Test("in process and over HTTP, one frontend gives the same lists, records and refusals")
    func sameAnswers() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let built = try await frontend.submit(chroots: ["fedora-41-x86_64"])
            let canceled = try await frontend.submit(chroots: ["fedora-41-x86_64"])
            let http = Access.http.frontend(frontend), inProcess = Access.inProcess.frontend(frontend)
            let source = try #require(try await http.task(.source(buildID: built)))
            try await http.update(JobReport(TaskReport(task: .source(buildID: built), status: .succeeded, packageName: "hello", packageVersion: "1.0-1"), echoing: source.fields))
            try await frontend.store.requestCancel(buildID: canceled)

            let pending = try await inProcess.pendingJobs()
            #expect(pending == (try await http.pendingJobs()))
            #expect(pending.map { $0["task_id"]?.stringValue } == ["\(built)-fedora-41-x86_64"], "\(pending)")
            for task in [TaskID.source(buildID: built), .rpm(buildID: built, chroot: "fedora-41-x86_64"), .source(buildID: canceled)] {
                #expect(try await inProcess.task(task) == (try await http.task(task)), "\(task)")
            }
            let cancels = try await inProcess.cancelRequests()
            #expect(cancels == (try await http.cancelRequests()))
            #expect(cancels == [.source(buildID: canceled), .rpm(buildID: canceled, chroot: "fedora-41-x86_64")])

            for unknown in [TaskID.source(buildID: 31), .rpm(buildID: built, chroot: "epel-9-x86_64")] {
                let overHTTP = await #expect(throws: FrontendError.self) { try await http.task(unknown) }
                let direct = await #expect(throws: FrontendError.self) { try await inProcess.task(unknown) }
                guard case .notFound(_, let httpMessage)? = overHTTP, case .notFound(_, let message)? = direct else {
                    Issue.record("\(String(describing: overHTTP)), \(String(describing: direct))")
                    continue
                }
                #expect(message == httpMessage)
            }
        }
    }

    @Test("an unknown task is the client's notFound, a wrong password its client error")
    func errors() async throws {
        try await Server.run { frontend in
            let error = await #expect(throws: FrontendError.self) { try await frontend.client().task(.source(buildID: 31)) }
            guard case .notFound(_, let message)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(message == "Specified task ID not found: 31")

            let refused = await #expect(throws: FrontendError.self) {
                try await frontend.client(password: "wrong").update(JobReport(TaskReport(task: .source(buildID: 31), status: .running), echoing: [:]))
            }
            guard case .clientError(_, let status, _)? = refused else { Issue.record("\(String(describing: refused))"); return }
            #expect(status == 401)
        }
    }
}
