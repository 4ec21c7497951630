import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// A builder on this machine (`transport = local`): the same worker code path, no sshd.
@Suite("Integration: the local builder", .localBuilderTurns)
struct LocalTransportTests {
    @Test("an RPM task is built by the agent on this machine, under the builder's own root")
    func localBuild() async throws {
        try await withTemporaryDirectory { tmp in
            let root = tmp.appending("local-builder")
            let config: [String: [String: String]] = [
                "hosts": ["provider": "static"],
                "host:this-machine": ["transport": "local", "root": root, "tags": "copr_builder,arch_x86_64,arch_noarch"],
            ]
            try await WorkerTestBed.run(hosts: 0, config: config) { bed in try await LocalBuilderTurns.take {
                let served = tmp.appending("served")
                let packages = try await TestRPMs.build(name: "local-hello", into: served)
                let srpm = try #require(packages.first { $0.hasSuffix(".src.rpm") })
                let server = try await StaticFileServer.start(root: served)
                defer { server.stop() }
                let record = FrontendStub.rpmTaskRecord(buildID: 95, packageName: "local-hello", packageVersion: "1.0-1")
                    .setting("srpm_url", to: .string("\(server.baseURL)/\((srpm as NSString).lastPathComponent)"))
                    .setting("git_repo", to: nil).setting("git_hash", to: nil)
                bed.frontend.addRPMTask(record)
                let outcome = try await bed.worker().process(buildID: 95, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
                #expect(outcome == .finished(.succeeded), "\(bed.workerLog)")
                let chrootDir = "\(bed.destdir)/jdoe/hello/fedora-41-x86_64"
                #expect(try await RepositoryMetadata.packageNames(in: chrootDir).contains("local-hello"))
                #expect(FileManager.default.fileExists(atPath: "\(root)/var/lib/copr-rpmbuild/results/success"))
                #expect(FileManager.default.fileExists(atPath: "\(root)/var/lib/copr-rpmbuild/main.log"))
                let liveLog = try await bed.log("builder-live.log", in: "\(chrootDir)/00000095-local-hello")
                #expect(liveLog.contains("local-hello"))
            } }
        }
    }
}
