import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Batches in the store, seen through `pending-jobs` as the backend sees it: a build after
/// another is left out (its source and RPM tasks) until every build of the batch it waits
/// for has ended, however it ended; what a waiting build waits for; the refusals, which
/// leave nothing behind.
@Suite("Embedded frontend: build ordering in the store", .timeLimit(.minutes(3)))
struct BatchStoreTests {
    typealias Server = BackendAPITestApp

    /// The task ids `pending-jobs` hands out.
    static func pending(_ frontend: Server) async throws -> [String] {
        try await frontend.get("pending-jobs/").json?.arrayValue?.compactMap { $0["task_id"]?.stringValue } ?? []
    }

    static func submit(_ frontend: Server, _ order: BuildOrder, by requester: Account? = nil) async throws -> Int {
        try await frontend.store.submitBuild(
            BuildSubmission(
                owner: "jdoe", project: "hello", submitter: requester?.login ?? "alice",
                source: .git(cloneURL: "https://git.example.org/hello.git", committish: "main", subdirectory: ""), order: order),
            by: requester
        ).build.id
    }

    /// Reports every chroot of `buildID` ended with `status` (1 succeeded, 0 failed).
    static func endChroots(_ frontend: Server, _ buildID: Int, status: Int = 1) async throws {
        for chroot in Server.chroots { _ = try await frontend.update(Server.job("\(buildID)-\(chroot)", status: status)) }
    }

    @Test("a build after another gets none of its tasks handed out until the other ended; then its source build, and after it its RPM tasks")
    func afterSuccess() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let first = try await frontend.submit()
            let second = try await Self.submit(frontend, .after(buildID: first))
            #expect(try await Self.pending(frontend) == ["\(first)"])
            let batch = try #require(try await frontend.store.build(id: first).build.batchID)
            #expect(try await frontend.store.blocker(ofBuild: second) == BatchOrdering.Blocker(batch: batch, unendedBuilds: [first]))
            #expect(try await frontend.store.blocker(ofBuild: first) == nil)

            try await frontend.succeedSource(first)
            #expect(try await Self.pending(frontend) == ["\(first)-epel-9-aarch64", "\(first)-fedora-41-x86_64"])
            _ = try await frontend.update(Server.job("\(first)-epel-9-aarch64", status: 1))
            #expect(try await Self.pending(frontend) == ["\(first)-fedora-41-x86_64"])
            _ = try await frontend.update(Server.job("\(first)-fedora-41-x86_64", status: 1))
            #expect(try await Self.pending(frontend) == ["\(second)"])
            #expect(try await frontend.store.blocker(ofBuild: second) == nil)
        }
    }

    @Test("a failed, a canceled and a deleted predecessor each let the next batch start: they ended")
    func endedAnyhow() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let failing = try await frontend.submit()
            let afterFailing = try await Self.submit(frontend, .after(buildID: failing))
            let canceled = try await frontend.submit()
            let afterCanceled = try await Self.submit(frontend, .after(buildID: canceled))
            #expect(try await Self.pending(frontend) == ["\(failing)", "\(canceled)"])

            _ = try await frontend.update(Server.job("\(failing)", status: 0))
            #expect(try await Self.pending(frontend) == ["\(afterFailing)", "\(canceled)"])
            try await frontend.store.requestCancel(buildID: canceled)
            #expect(try await Self.pending(frontend) == ["\(afterFailing)", "\(afterCanceled)"])

            // Copr keeps a batch whose builds are all deleted unfinished forever; here it has ended.
            try await frontend.store.deleteBuild(id: failing)
            let third = try await Self.submit(frontend, .after(buildID: afterFailing))
            _ = try await frontend.update(Server.job("\(afterFailing)", status: 0))
            #expect(try await Self.pending(frontend).contains("\(third)"))
        }
    }

    @Test("with_build_id joins the batch: what comes after waits for all of it; a chain waits transitively, even past a canceled build")
    func joinAndChain() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let first = try await frontend.submit()
            let partner = try await Self.submit(frontend, .with(buildID: first))
            let next = try await Self.submit(frontend, .after(buildID: partner))
            let last = try await Self.submit(frontend, .after(buildID: next))
            let batch = try #require(try await frontend.store.build(id: first).build.batchID)
            #expect(try await frontend.store.build(id: partner).build.batchID == batch)
            #expect(try await Self.pending(frontend) == ["\(first)", "\(partner)"])
            #expect(try await frontend.store.blocker(ofBuild: next) == BatchOrdering.Blocker(batch: batch, unendedBuilds: [first, partner]))

            _ = try await frontend.update(Server.job("\(first)", status: 0))
            #expect(try await Self.pending(frontend) == ["\(partner)"])
            #expect(try await frontend.store.blocker(ofBuild: next) == BatchOrdering.Blocker(batch: batch, unendedBuilds: [partner]))
            // The middle build ends (canceled) while blocked; the last still waits for the first batch.
            try await frontend.store.requestCancel(buildID: next)
            #expect(try await frontend.store.blocker(ofBuild: last) == BatchOrdering.Blocker(batch: batch, unendedBuilds: [partner]))
            #expect(try await Self.pending(frontend) == ["\(partner)"])
            try await frontend.succeedSource(partner)
            try await Self.endChroots(frontend, partner)
            #expect(try await Self.pending(frontend) == ["\(last)"])
        }
    }

    @Test("refused: an unknown build, joining an ended batch, batching an ended build, another's build without the right to build there; nothing is left of a refused build")
    func refusals() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            try await frontend.store.addUser("sam")
            let sam = Account(login: "sam")
            let ended = try await frontend.submit()
            _ = try await frontend.update(Server.job("\(ended)", status: 0))
            let running = try await frontend.submit()
            let before = try await frontend.store.allBuilds().count

            await #expect(throws: BatchRefused.buildNotFound(999)) { try await Self.submit(frontend, .after(buildID: 999)) }
            await #expect(throws: BatchRefused.buildEnded(buildID: ended)) { try await Self.submit(frontend, .after(buildID: ended)) }
            await #expect(throws: BatchRefused.buildEnded(buildID: ended)) { try await Self.submit(frontend, .with(buildID: ended)) }
            await #expect(throws: BatchRefused.mayNotBuildIn(buildID: running, project: "jdoe/hello", login: "sam")) {
                try await Self.submit(frontend, .after(buildID: running), by: sam)
            }
            #expect(try await frontend.store.allBuilds().count == before)
            // A check passes or refuses as the submission would, and makes no batch.
            try await frontend.store.check(.with(buildID: running), by: nil)
            await #expect(throws: BatchRefused.buildNotFound(999)) { try await frontend.store.check(.after(buildID: 999), by: nil) }
            #expect(try await frontend.store.build(id: running).build.batchID == nil)

            // Once batched, anyone may build after it; only who builds in its project may join it.
            let joined = try await Self.submit(frontend, .with(buildID: running), by: Account(login: "jdoe"))
            let batch = try #require(try await frontend.store.build(id: running).build.batchID)
            _ = try await Self.submit(frontend, .after(buildID: running), by: sam)
            await #expect(throws: BatchRefused.batchOfOthers(batch: batch, projects: ["jdoe/hello"], login: "sam")) {
                try await Self.submit(frontend, .with(buildID: joined), by: sam)
            }
            try await frontend.store.setPermission(ProjectPermission(admin: false, builder: true), of: "sam", owner: "jdoe", project: "hello")
            _ = try await Self.submit(frontend, .with(buildID: joined), by: sam)

            // An ended batch cannot be joined, but a build may still go after it, and does not wait.
            for id in [running, joined] { _ = try await frontend.update(Server.job("\(id)", status: 0)) }
            let laterBuilds = try await frontend.store.allBuilds().filter { $0.build.batchID == batch && !$0.hasEnded }
            for overview in laterBuilds { _ = try await frontend.update(Server.job("\(overview.build.id)", status: 0)) }
            await #expect(throws: BatchRefused.batchEnded(batch: batch)) { try await Self.submit(frontend, .with(buildID: running)) }
            let afterEnded = try await Self.submit(frontend, .after(buildID: running))
            #expect(try await frontend.store.blocker(ofBuild: afterEnded) == nil)
        }
    }
}
