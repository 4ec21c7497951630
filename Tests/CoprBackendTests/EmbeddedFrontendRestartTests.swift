import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// The embedded frontend's state outlives the process: closing and reopening the SQLite
/// file keeps every project, build and cancel request.
@Suite("Embedded frontend: restart", .timeLimit(.minutes(1)))
struct EmbeddedFrontendRestartTests {
    typealias Server = EmbeddedFrontendTestServer

    @Test("a restarted frontend serves the same projects, builds, tasks and cancel requests")
    func restartKeepsState() async throws {
        try await withTemporaryDirectory { directory in
            let path = FrontendStore.path(stateDirectory: directory.path)
            var frontend = try await Server.start(databasePath: path)
            try await frontend.createProject()
            try await frontend.createProject(owner: "@team", name: "tools", chroots: ["epel-9-x86_64"])
            let built = try await frontend.submit(source: .specURL("https://example.org/hello.spec"))
            try await frontend.succeedSource(built)
            let canceled = try await frontend.submit(background: true)
            try await frontend.store.requestCancel(buildID: canceled)
            let waiting = try await frontend.submit(source: .srpmURL("https://example.org/hello-1.0-1.src.rpm"))
            let projectsBefore = try await frontend.store.projects()
            let buildsBefore = try await frontend.store.allBuilds()
            let pendingBefore = try await frontend.get("pending-jobs/").json
            let recordBefore = try await frontend.get("get-build-task/\(built)-fedora-41-x86_64/").json
            await frontend.stop()

            frontend = try await Server.start(databasePath: path)
            #expect(try await frontend.store.projects() == projectsBefore)
            #expect(try await frontend.store.allBuilds() == buildsBefore)
            #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").map(\.build.id) == [built, canceled, waiting])
            #expect(try await frontend.get("pending-jobs/").json == pendingBefore)
            #expect(try await frontend.get("get-build-task/\(built)-fedora-41-x86_64/").json == recordBefore)
            #expect(try await frontend.get("build-tasks/cancel-requests/").json?.arrayValue?.count == 3)
            // New builds get new ids after the restart.
            #expect(try await frontend.submit() > waiting)
            await frontend.stop()
        }
    }
}
