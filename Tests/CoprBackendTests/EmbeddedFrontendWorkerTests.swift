import CoprBackend
import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// The real build worker against the embedded frontend: the source build, then the RPM
/// build it makes pending, on a scripted builder over SSH, with the outcome in SQLite.
@Suite("Integration: the build worker with the embedded frontend, on an sshd builder", .timeLimit(.minutes(3)))
struct EmbeddedFrontendWorkerTests {
    typealias Server = EmbeddedFrontendTestServer

    @Test("a submitted build goes through its SRPM task and its RPM task and ends succeeded")
    func sourceThenBinary() async throws {
        try await withTemporaryDirectory { directory in
            let id = try await Server.start(in: directory.path).serving { try await build(with: $0) }

            // The outcome is in the file: a store opened afresh on it tells the same.
            let reopened = try FrontendStore(path: FrontendStore.path(stateDirectory: directory.path))
            defer { try? reopened.close() }
            let stored = try await reopened.build(id: id)
            #expect(stored.state == .succeeded)
            #expect(stored.chroots.map(\.status) == [.succeeded])
        }
    }

    /// Submits a build and has a worker process its two tasks; returns the build id.
    private func build(with frontend: Server) async throws -> Int {
        try await frontend.createProject(chroots: ["fedora-41-x86_64"])
        let id = try await frontend.submit()
        let overrides = ["backend": ["frontend_base_url": frontend.baseURL, "frontend_auth": Server.password]]
        try await WorkerTestBed.run(hosts: 1, config: overrides) { bed in
            let worker = try bed.worker()
            #expect(try await frontend.client().pendingJobs().map { $0["task_id"]?.stringValue } == ["\(id)"])

            let source = await worker.process(buildID: id, chroot: "srpm-builds", interrupt: BuildInterrupt())
            #expect(source == .finished(.succeeded))
            var overview = try await frontend.store.build(id: id)
            #expect(overview.build.sourceStatus == .succeeded)
            #expect(overview.build.packageName == "hello")
            #expect(overview.build.packageVersion == "1.0-1.copr")
            let srpmDirectory = String(format: "%08d", id)
            #expect(overview.build.sourceResultDir == srpmDirectory)
            #expect(overview.build.srpmURL?.hasPrefix("http://results.test/results/jdoe/hello/srpm-builds/\(srpmDirectory)/hello-1.0-1") == true)
            #expect(overview.chroots.map(\.status) == [.pending])
            #expect(try await frontend.client().pendingJobs().map { $0["task_id"]?.stringValue } == ["\(id)-fedora-41-x86_64"])

            let rpm = await worker.process(buildID: id, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
            #expect(rpm == .finished(.succeeded))
            overview = try await frontend.store.build(id: id)
            let chroot = try #require(overview.chroots.first)
            #expect(chroot.status == .succeeded)
            #expect(chroot.resultDir == String(format: "%08d-hello", id))
            #expect(chroot.startedOn != nil && chroot.endedOn != nil)
            #expect(overview.state == .succeeded)
            let resultsDir = bed.resultsDir(id)
            let files = try FileManager.default.contentsOfDirectory(atPath: resultsDir)
            #expect(files.contains { $0.hasPrefix("hello-1.0-1.copr") && $0.hasSuffix(".noarch.rpm") }, "\(files)")
            #expect(files.contains("success"))
            #expect(try await frontend.client().pendingJobs().isEmpty)
        }
        return id
    }
}
