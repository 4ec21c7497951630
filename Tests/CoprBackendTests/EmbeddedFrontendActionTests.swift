import CoprBackend
import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The backend's action client against the embedded frontend's action queue over HTTP:
/// what the frontend queues, the backend lists, reads into the plan upstream's type means,
/// and reports on.
@Suite("Embedded frontend: the backend's action client", .timeLimit(.minutes(3)))
struct EmbeddedFrontendActionTests {
    @Test("each action the embedded frontend queues is listed, read into its plan, and gone once its result is reported")
    func contract() async throws {
        try await EmbeddedFrontendTestServer.run { server in
            let project = try await server.createProject()
            let build = try await server.submit()
            let overview = try await server.store.build(id: build)
            let store = server.store
            let createrepo = try await store.enqueue(.createrepo(project, chroots: ["fedora-41-x86_64"]))
            let deleteBuild = try await store.enqueue(.deleteBuild(overview))
            let deleteBuilds = try await store.enqueue(try #require(.deleteBuilds([overview])))
            let deleteChroot = try await store.enqueue(.deleteChroot(project, chroot: "epel-9-aarch64"))
            let deleteProject = try await store.enqueue(.deleteProject(project))
            let builds = ActionPlan.deleteBuilds(
                owner: "jdoe", directories: [.init(dirname: "hello", chroots: [:])], buildIDs: [build], devel: false)
            let expected: [Int: ActionPlan] = [
                createrepo: .createrepo(owner: "jdoe", dirnames: ["hello"], chroots: ["fedora-41-x86_64"], devel: false),
                deleteBuild: builds, deleteBuilds: builds,
                deleteChroot: .deleteChroot(owner: "jdoe", project: "hello", chroot: "epel-9-aarch64"),
                deleteProject: .deleteProject(owner: "jdoe", dirnames: ["hello"]),
            ]

            let client = server.client()
            let pending = try await client.pendingActions().compactMap(PendingAction.init(listed:))
            #expect(pending.map(\.id) == [createrepo, deleteBuild, deleteBuilds, deleteChroot, deleteProject])
            #expect(pending.allSatisfy { $0.projectOwner == "jdoe" })
            #expect(pending.first { $0.id == deleteProject }?.priority == ActionType.delete.defaultPriority)
            for entry in pending {
                #expect(try ActionPlan(try await client.action(entry.id)) == expected[entry.id], "action \(entry.id)")
            }
            for entry in pending {
                try await client.reportAction(entry.id, result: entry.id == deleteChroot ? .failure : .success)
            }
            #expect(try await client.pendingActions().isEmpty)
            #expect(try await store.waitingActionCount() == 0)
        }
    }

    @Test("a signed project's key and a fork are read into the plans the backend carries out; the fork's reported result ends its builds")
    func keyAndFork() async throws {
        try await EmbeddedFrontendTestServer.run { server in
            let project = try await server.createProject()
            let build = try await server.submit()
            let store = server.store, number = String(format: "%08d", build)
            _ = try await store.applyUpdates([
                TaskReport(task: .source(buildID: build), status: .succeeded, resultDir: number, packageName: "hello", packageVersion: "1.0-1",
                           srpmURL: "https://example.org/hello-1.0-1.src.rpm"),
            ] + project.chroots.map { TaskReport(task: .rpm(buildID: build, chroot: $0), status: .succeeded, resultDir: "\(number)-hello") })
            let key = try await store.enqueue(.generateKey(project))
            let fork = try await store.forkProject(ForkRequest(sourceOwner: "jdoe", sourceName: "hello", owner: "@team", name: "hello-fork"))
            let forked = try #require(fork.builds.first?.id)
            let new = String(format: "%08d", forked)

            let client = server.client()
            #expect(try ActionPlan(try await client.action(key)) == .generateKey(owner: "jdoe", project: "hello"))
            var builds = Dictionary(uniqueKeysWithValues: project.chroots.map { ($0, ["\(number)-hello": "\(new)-hello"]) })
            builds["srpm-builds"] = [number: new]
            #expect(try ActionPlan(try await client.action(fork.actionID)) == .fork(
                source: .init(owner: "jdoe", dirname: "hello"), destination: .init(owner: "@team", dirname: "hello-fork"), builds: builds))
            #expect(try await store.build(id: forked).state == .forked)
            try await client.reportAction(fork.actionID, result: .success)
            #expect(try await store.build(id: forked).state == .succeeded)
        }
    }
}
