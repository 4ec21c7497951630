import CoprBackend
import CoprTestSupport
import Foundation
import Testing

@Suite("Integration: the worker on sshd builders, builds that succeed", .timeLimit(.minutes(2)))
struct WorkerHappyPathTests {
    @Test("an RPM task is built on a builder, published in the repository and reported")
    func rpmTask() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let outcome = try await bed.buildRPM(11)
            #expect(outcome == .finished(.succeeded))

            let dir = bed.resultsDir(11)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(files.contains { $0.hasPrefix("hello-1.0-1") && $0.hasSuffix(".noarch.rpm") })
            #expect(files.contains { $0.hasSuffix(".src.rpm") })
            for expected in ["success", "results.json", "build.info", "build-00000011.rsync.log", "backend.log.gz", "builder-live.log.gz"] {
                #expect(files.contains(expected), "\(expected) missing in \(files)")
            }
            let buildInfo = try String(contentsOfFile: "\(dir)/build.info", encoding: .utf8)
            #expect(buildInfo == "build_id=11\nbuilder_ip=\(bed.farm.hosts[0].address)")
            #expect(try await RepositoryMetadata.packageNames(in: "\(bed.destdir)/jdoe/hello/fedora-41-x86_64").contains("hello"))

            let starting = bed.frontend.startingBuilds
            #expect(starting.count == 1)
            #expect(starting.first?["status"] == 6)
            let updates = bed.frontend.updates(forTask: "11-fedora-41-x86_64")
            #expect(updates.map { $0["status"]?.intValue } == [3, 1])
            let final = try #require(updates.last)
            #expect(final["built_packages"] == "hello 1.0")
            #expect(final["result_dir"] == "00000011-hello")
            #expect(final["ended_on"]?.doubleValue != nil)
            #expect(bed.events.kinds == [.buildStart, .chrootStart, .buildEnd])
            #expect(bed.events.statuses == [.running, .running, .succeeded])
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(bed.resalloc.takenTickets.first?.tags == ["arch_x86_64", "copr_builder"])
            #expect(bed.resalloc.takenTickets.first?.sandbox == "jdoe/hello--jdoe")

            let backendLog = try await bed.log("backend.log", in: dir)
            #expect(backendLog.contains("][INFO  ][PID:"))
            #expect(backendLog.contains("Installed copr-rpmbuild version: 1.7.0"))
            #expect(backendLog.contains("Finished build: id=11 failed=False"))
            let liveLog = try await bed.log("builder-live.log", in: dir)
            #expect(liveLog.contains("LINE 5"))
        }
    }

    @Test("a source build publishes the SRPM in srpm-builds and reports its name and version")
    func srpmTask() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            bed.frontend.addSRPMTask(FrontendStub.srpmTaskRecord(buildID: 12, packageName: "hello"))
            let outcome = try await bed.worker().process(buildID: 12, chroot: "srpm-builds", interrupt: BuildInterrupt())
            #expect(outcome == .finished(.succeeded))
            let dir = "\(bed.destdir)/jdoe/hello/srpm-builds/00000012"
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            let srpm = try #require(files.first { $0.hasSuffix(".src.rpm") })
            let final = try #require(bed.finalUpdate("12"))
            #expect(final["status"] == 1)
            #expect(final["pkg_name"] == "hello")
            #expect(final["pkg_version"]?.stringValue?.hasPrefix("1.0-1") == true)
            #expect(final["srpm_url"]?.stringValue == "http://results.test/results/jdoe/hello/srpm-builds/00000012/\(srpm)")
            #expect(bed.resalloc.takenTickets.first?.tags == ["arch_noarch", "copr_builder"])
            #expect(bed.farm.hosts[0].receivedCommands.contains { $0.contains("--srpm --task-url \(bed.frontend.baseURL)/backend/get-srpm-build-task/12 --detached") })
        }
    }

    @Test("results of a previous run are backed up, not published again")
    func previousResults() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let dir = bed.resultsDir(13)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for file in ["backend.log.gz", "stale-0.1-1.noarch.rpm", "success"] {
                _ = FileManager.default.createFile(atPath: "\(dir)/\(file)", contents: Data("old".utf8))
            }
            let outcome = try await bed.buildRPM(13)
            #expect(outcome == .finished(.succeeded))
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(!files.contains("stale-0.1-1.noarch.rpm"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/prev_build_backup") == ["backend.log.gz"])
            let backendLogText = try await bed.log("backend.log", in: dir)
            #expect(backendLogText.contains("Cleaning target directory"))
        }
    }

    @Test("a static pool serves builds without resalloc")
    func staticPool() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let host = bed.farm.hosts[0]
            let pool = StaticHostPool(hosts: [
                .init(name: "static-1", address: host.address, port: host.port, tags: ["copr_builder", "arch_x86_64"], slots: 1)
            ])
            let outcome = try await bed.buildRPM(14, worker: bed.worker(hosts: pool))
            #expect(outcome == .finished(.succeeded))
            #expect(bed.resalloc.takenTickets.isEmpty)
            #expect(FileManager.default.fileExists(atPath: "\(bed.resultsDir(14))/success"))
        }
    }
}
