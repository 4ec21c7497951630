import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The periodic sweep that deletes projects whose `delete_after_days` ran out.
@Suite("Embedded frontend: expired projects are deleted", .timeLimit(.minutes(3)))
struct ProjectExpirySweepTests {
    @Test("a pass deletes expired projects with their results, keeps one with a build still running for the next pass")
    func sweep() async throws {
        try await UserAPITestApp.run { frontend in
            let api = try await frontend.api("POST", "projects", json: [
                "owner": "jdoe", "name": "temporary", "chroots": ["fedora-41-x86_64"], "delete_after_days": 0,
            ])
            #expect(api.json?["delete_after_days"] == 0, "\(api.text)")
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "busy", chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(deleteAfterDays: 0)))
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "later", chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(deleteAfterDays: 30)))
            try await frontend.store.createProject(NewProject(owner: "jdoe", name: "kept", chroots: ["fedora-41-x86_64"]))
            let running = try await frontend.store.submitBuild(BuildSubmission(
                owner: "jdoe", project: "busy", submitter: "jdoe", source: .specURL("https://example.org/hello.spec")))
            #expect(try await frontend.queuedActions(.createrepo).contains { $0["projectname"] == "temporary" }, "created with its repository")

            // Tomorrow: what had 0 days left has expired.
            let tomorrow = Date().timeIntervalSince1970 + 86_400 + 1
            #expect(try await frontend.store.expiredProjects(now: tomorrow).map(\.name).sorted() == ["busy", "temporary"])
            let sweep = frontend.expirySweep(now: tomorrow)
            #expect(await sweep.sweep() == ["jdoe/temporary"])
            #expect(!FileManager.default.fileExists(atPath: "\(frontend.destdir)/jdoe/temporary"))
            #expect(try await frontend.store.projects().map(\.name).sorted() == ["busy", "kept", "later"])

            try await frontend.store.requestCancel(buildID: running.build.id)
            #expect(await sweep.sweep() == ["jdoe/busy"], "retried once its build ended")
            #expect(try await frontend.store.projects().map(\.name).sorted() == ["kept", "later"])
        }
    }

    @Test("a project listed as expired is read again before it is deleted: one no longer expired by then is kept")
    func readAgainBeforeDeleting() async throws {
        try await UserAPITestApp.run { frontend in
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "extended", chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(deleteAfterDays: 1)))
            // The pass lists it two days on; by the time it is deleted, the deadline lies ahead
            // again, as when its owner gave it more days in between.
            let now = Date().timeIntervalSince1970
            let calls = LockedValue(0)
            let clock: @Sendable () -> Double = {
                calls.withLock { $0 += 1; return $0 }  == 1 ? now + 2 * 86_400 : now
            }
            let sweep = ProjectExpirySweep(
                store: frontend.store, actions: frontend.userAPI, clock: clock, logger: FrontendRouterTest.logger)
            #expect(await sweep.sweep() == [])
            #expect(try await frontend.store.projects().map(\.name) == ["extended"])
        }
    }

    @Test("the sweep runs a pass, sleeps, and ends without an error when cancelled")
    func runsUntilCancelled() async throws {
        try await UserAPITestApp.run { frontend in
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "temporary", chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(deleteAfterDays: 0)))
            let sweep = frontend.expirySweep(now: Date().timeIntervalSince1970 + 2 * 86_400, interval: .milliseconds(20))
            let running = Task { try await sweep.run() }
            while try await !frontend.store.projects().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            running.cancel()
            try await running.value
        }
    }
}
