import CoprCore
import CoprFrontend
import Foundation
import Testing

/// How the embedded frontend applies what the backend reports, as the Copr frontend's
/// update handler does, and what users may ask of the store.
@Suite("Embedded frontend: state transitions and user input", .timeLimit(.minutes(3)))
struct TransitionTests {
    typealias Server = BackendAPITestApp

    @Test("a submitted build waits for its source build; success makes one pending RPM task per chroot")
    func sourceSuccess() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            #expect(frontend.workAnnouncements == 1)
            var overview = try await frontend.store.build(id: id)
            #expect(overview.build.sourceStatus == .pending)
            #expect(overview.chroots.map(\.chroot) == ["epel-9-aarch64", "fedora-41-x86_64"])
            #expect(overview.chroots.allSatisfy { $0.status == .waiting })

            let starting = try await frontend.send("POST", "starting_build/", body: Server.text(Server.job("\(id)", status: 6)))
            #expect(starting.json == ["can_start": true])
            try await frontend.update(Server.job("\(id)", status: 3))
            overview = try await frontend.store.build(id: id)
            #expect(overview.build.sourceStatus == .running)
            #expect(overview.build.startedOn == 1_700_000_000.5)
            #expect(overview.state == .running)

            try await frontend.succeedSource(id)
            #expect(frontend.workAnnouncements == 2)
            overview = try await frontend.store.build(id: id)
            #expect(overview.build.sourceStatus == .succeeded)
            #expect(overview.build.packageName == "hello")
            #expect(overview.build.packageVersion == "1.0-1")
            #expect(overview.build.sourceResultDir == String(format: "%08d", id))
            #expect(overview.build.endedOn == 1_700_000_100.25)
            #expect(overview.chroots.allSatisfy { $0.status == .pending })
            #expect(overview.state == .pending)
        }
    }

    @Test("a failed source build fails every chroot; nothing is left for the backend")
    func sourceFailure() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            try await frontend.update(Server.job("\(id)", status: 0))
            let overview = try await frontend.store.build(id: id)
            #expect(overview.build.sourceStatus == .failed)
            #expect(overview.chroots.allSatisfy { $0.status == .failed && $0.endedOn == 1_700_000_100.25 })
            #expect(overview.state == .failed)
            #expect(try await frontend.get("pending-jobs/").json == [])
            #expect(frontend.workAnnouncements == 1)
        }
    }

    @Test("an RPM task goes starting, running, succeeded; terminal states are final")
    func rpmTaskLifecycle() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            try await frontend.succeedSource(id)
            let task = "\(id)-fedora-41-x86_64"
            let start = Server.job(task, status: 6, extra: ["result_dir": .string(String(format: "%08d-hello", id))])
            #expect(try await frontend.send("POST", "starting_build/", body: Server.text(start)).json == ["can_start": true])
            var chroot = try #require(try await frontend.store.build(id: id).chroots.first { $0.chroot == "fedora-41-x86_64" })
            #expect(chroot.status == .starting)
            #expect(chroot.startedOn == 1_700_000_000.5)
            try await frontend.update(Server.job(task, status: 3))
            try await frontend.update(Server.job(task, status: 1))
            // Late reports of a worker that lost track: ignored.
            try await frontend.update(Server.job(task, status: 3, extra: ["ended_on": nil]))
            try await frontend.update(Server.job(task, status: 0, extra: ["ended_on": 1_800_000_000]))
            let overview = try await frontend.store.build(id: id)
            chroot = try #require(overview.chroots.first { $0.chroot == "fedora-41-x86_64" })
            #expect(chroot.status == .succeeded)
            #expect(chroot.endedOn == 1_700_000_100.25)
            #expect(chroot.resultDir == String(format: "%08d", id))
            #expect(overview.state == .pending, "the other chroot is still pending")

            try await frontend.update(Server.job("\(id)-epel-9-aarch64", status: 1))
            #expect(try await frontend.store.build(id: id).state == .succeeded)
            #expect(try await frontend.get("pending-jobs/").json == [])
        }
    }

    @Test("starting_build refuses unknown builds and cancelled tasks; a worker racing the cancel ends canceled")
    func startingBuildRefusals() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            #expect(try await frontend.send("POST", "starting_build/", body: Server.text(Server.job("777", status: 6))).json == ["can_start": false])
            let id = try await frontend.submit()
            try await frontend.succeedSource(id)
            let task = "\(id)-fedora-41-x86_64"
            try await frontend.update(Server.job("\(id)-epel-9-aarch64", status: 1))
            try await frontend.store.requestCancel(buildID: id)
            #expect(try await frontend.send("POST", "starting_build/", body: Server.text(Server.job(task, status: 6))).json == ["can_start": false])
            // The worker still reports failed at the end, which changes nothing.
            try await frontend.update(Server.job(task, status: 0))
            let overview = try await frontend.store.build(id: id)
            #expect(overview.chroots.map(\.status) == [.succeeded, .canceled])
            #expect(overview.state == .canceled)
        }
    }

    @Test("users' mistakes are refused with a message and nothing is created")
    func userInput() async throws {
        try await Server.run { frontend in
            let store = frontend.store
            try await frontend.createProject()
            await #expect(throws: FrontendStoreError.projectExists(owner: "jdoe", name: "hello")) { try await frontend.createProject() }
            for (owner, name, chroots, field) in [
                ("jd oe", "x", ["fedora-41-x86_64"], "owner"), ("jdoe", "../etc", ["fedora-41-x86_64"], "project"),
                ("jdoe", "x", [], "chroots"), ("jdoe", "x", ["fedora"], "chroots"), ("jdoe", "x", ["fedora-41-x86_64/.."], "chroots"),
                ("jdoe", "x", ["fedora-41-x86_64", "fedora-41-x86_64"], "chroots"),
                ("jdoe", String(repeating: "a", count: 101), ["fedora-41-x86_64"], "project"),
            ] {
                let error = await #expect(throws: InvalidField.self) {
                    try await store.createProject(NewProject(owner: owner, name: name, chroots: chroots))
                }
                #expect(error?.field == field)
            }
            #expect(try await store.projects().map(\.fullName) == ["jdoe/hello"])

            await #expect(throws: FrontendStoreError.chrootsNotInProject(["fedora-40-x86_64"], project: "jdoe/hello")) {
                _ = try await frontend.submit(chroots: ["fedora-40-x86_64"])
            }
            await #expect(throws: FrontendStoreError.projectNotFound(owner: "jdoe", name: "nope")) {
                try await store.submitBuild(BuildSubmission(owner: "jdoe", project: "nope", submitter: "alice", source: .specURL("https://e.org/a.spec")))
            }
            let badSources: [BuildSource] = [
                .specURL("ftp://example.org/hello.spec"), .specURL("https://example.org/hello.txt"),
                .srpmURL("file:///etc/passwd.src.rpm"), .srpmURL("https://exa mple.org/a.src.rpm"),
                .git(cloneURL: "https://git.example.org/a.git", committish: "--upload-pack=x", subdirectory: ""),
                .git(cloneURL: "https://git.example.org/a.git", committish: "main", subdirectory: "../.."),
                .git(cloneURL: "ssh://git.example.org/a.git", committish: "main", subdirectory: ""),
                .upload(name: "../relative.src.rpm", url: "http://fe.test/u/relative.src.rpm"),
                .upload(name: "3F2B8C1E-6A4D-4E0F-9B7A-1C2D3E4F5A6B/hello.src.rpm", url: "http://fe.test/u/hello.src.rpm"),
            ]
            for source in badSources {
                await #expect(throws: InvalidField.self, "\(source)") { _ = try await frontend.submit(source: source) }
            }
            #expect(try await store.allBuilds().isEmpty)
            #expect(frontend.workAnnouncements == 0)

            let id = try await frontend.submit()
            try await frontend.update(Server.job("\(id)", status: 0))
            await #expect(throws: FrontendStoreError.buildFinished(id, .failed)) { try await store.requestCancel(buildID: id) }
            await #expect(throws: FrontendStoreError.buildNotFound(999)) { try await store.requestCancel(buildID: 999) }
        }
    }
}
