import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The embedded frontend's state outlives the process: closing and reopening the SQLite
/// file keeps every project, build and cancel request.
@Suite("Embedded frontend: restart", .timeLimit(.minutes(3)))
struct RestartTests {
    typealias Server = BackendAPITestApp

    @Test("a restarted frontend serves the same projects, builds, tasks and cancel requests")
    func restartKeepsState() async throws {
        try await withTemporaryDirectory { directory in
            let before = try await Server.run(stateDirectory: directory) { frontend in
                try await frontend.createProject()
                try await frontend.createProject(owner: "@team", name: "tools", chroots: ["epel-9-x86_64"])
                let built = try await frontend.submit(source: .specURL("https://example.org/hello.spec"))
                try await frontend.succeedSource(built)
                let canceled = try await frontend.submit(background: true)
                try await frontend.store.requestCancel(buildID: canceled)
                let waiting = try await frontend.submit(source: .srpmURL("https://example.org/hello-1.0-1.src.rpm"))
                return (
                    built: built, canceled: canceled, waiting: waiting,
                    projects: try await frontend.store.projects(), builds: try await frontend.store.allBuilds(),
                    pending: try await frontend.get("pending-jobs/").json,
                    record: try await frontend.get("get-build-task/\(built)-fedora-41-x86_64/").json)
            }

            try await Server.run(stateDirectory: directory) { frontend async throws in
                #expect(try await frontend.store.projects() == before.projects)
                #expect(try await frontend.store.allBuilds() == before.builds)
                #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").map(\.build.id) == [before.built, before.canceled, before.waiting])
                #expect(try await frontend.get("pending-jobs/").json == before.pending)
                #expect(try await frontend.get("get-build-task/\(before.built)-fedora-41-x86_64/").json == before.record)
                #expect(try await frontend.get("build-tasks/cancel-requests/").json?.arrayValue?.count == 3)
                // New builds get new ids after the restart.
                #expect(try await frontend.submit() > before.waiting)
            }
        }
    }
}
