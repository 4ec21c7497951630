import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// `copr-backend run`, started as an operator would start it.
@Suite("Integration: copr-backend run", .timeLimit(.minutes(2)))
struct RunCommandTests {
    /// A free port for the daemon's HTTP address.
    static func freePort() throws -> Int { try LoopbackPorts.allocate(1)[0] }

    @Test("the daemon builds, reports its status, refuses a second instance and stops on SIGTERM")
    func daemonLifecycle() async throws {
        let port = try Self.freePort()
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "30", "http_listen": "127.0.0.1:\(port)"]]) { bed in
            let daemon = try await RunningDaemon.start(bed)
            let health = try await TestHTTP.send("GET", "\(daemon.baseURL)/health")
            #expect(health.json?["status"] == "ok")

            // Work appears after the first cycle; a wake-up starts it long before sleeptime.
            bed.farm.hosts[0].setBuildMode("sleep 3")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 91))
            #expect(try await TestHTTP.send("POST", "\(daemon.baseURL)/wakeup").status == 202)
            try await bed.waitForLiveLog(91, containing: "SLEEP 1")
            let status = try await ProcessRunner().capture(
                RunningDaemon.executable, ["status", "--json", "-c", bed.configuration.path], timeout: .seconds(30))
            let parsed = try JSONValue.parse(status.standardOutput)
            #expect(parsed["running"]?[0]?["task_id"] == "91-fedora-41-x86_64", "\(status.standardOutput)")
            #expect(parsed["running"]?[0]?["phase"] == "building")
            #expect(parsed["running"]?[0]?["host"]?.stringValue == bed.farm.hosts[0].address)
            #expect(parsed["queue"]?.arrayValue?.isEmpty == true)
            let table = try await ProcessRunner().capture(
                RunningDaemon.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(table.standardOutput.contains("Running builds: 1\n  91-fedora-41-x86_64  running for"))
            #expect(table.standardOutput.contains("building on \(bed.farm.hosts[0].address), attempt 1"))
            try await waitUntil("the build to finish", timeout: .seconds(25)) { bed.finalUpdate("91-fedora-41-x86_64") != nil }
            #expect(bed.finalUpdate("91-fedora-41-x86_64")?["status"] == 1)
            let metrics = try await TestHTTP.send("GET", "\(daemon.baseURL)/metrics")
            #expect(metrics.header("content-type")?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"copr_backend_phase_duration_seconds_count{phase="publishing"} 1"#), "\(metrics.text)")

            let second = try await ProcessRunner().capture(
                RunningDaemon.executable, ["run", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(second.exit == .exited(2))
            #expect(second.standardError.contains("another copr-backend daemon is running"))

            let output = try await daemon.stop()
            #expect(output.exit == .exited(0), "\(output.standardError)")
            let noDaemon = try await ProcessRunner().capture(
                RunningDaemon.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(noDaemon.exit == .exited(1))
            #expect(noDaemon.standardError.contains("no daemon answers on http://127.0.0.1:\(port)"), "\(noDaemon.standardError)")
            let log = try String(contentsOfFile: bed.directory.appending("log/build_dispatcher.log"), encoding: .utf8)
            #expect(log.contains("Build dispatcher stopped"))
        }
    }
}

@Suite("Integration: copr-backend run across restarts", .timeLimit(.minutes(3)))
struct DaemonRestartTests {
    @Test("kill -9 of the daemon and all it started with 10 builds in every phase; the restart ends each once, none rebuilt")
    func crashWithBuildsInEveryPhase() async throws {
        let port = try RunCommandTests.freePort()
        let scripts = try TemporaryDirectory("copr-crash")
        defer { scripts.remove() }
        // createrepo_c waits while this file exists: builds that reach it stay publishing.
        let holdPublishing = scripts.appending("hold-publishing")
        let createrepo = scripts.appending("createrepo")
        try "#!/bin/sh\nwhile [ -e '\(holdPublishing)' ]; do sleep 0.1; done\nexec createrepo_c \"$@\"\n"
            .write(toFile: createrepo, atomically: true, encoding: .utf8)
        _ = chmod(createrepo, 0o755)
        #expect(FileManager.default.createFile(atPath: holdPublishing, contents: nil))
        let config = ["backend": ["sleeptime": "0.5", "http_listen": "127.0.0.1:\(port)", "createrepo_command": createrepo]]
        try await WorkerTestBed.run(hosts: 8, config: config) { bed in
            let hosts = bed.farm.hosts
            // Two hosts build at once (their builds then wait in publishing), two hold
            // the download, four build for a long time; two tasks find no free host.
            for host in hosts[2..<4] {
                let rsync = "\(host.binDir)/rsync"
                try "#!/bin/sh\nwhile [ -e /etc/copr-test-builder/hold-rsync ]; do sleep 0.1; done\nexec /usr/bin/rsync \"$@\"\n"
                    .write(toFile: rsync, atomically: true, encoding: .utf8)
                _ = chmod(rsync, 0o755)
                #expect(FileManager.default.createFile(atPath: "\(host.knobsDir)/hold-rsync", contents: nil))
            }
            for host in hosts[4...] { host.setBuildMode("sleep 12") }
            let buildIDs = Array(201...210)
            for buildID in buildIDs.prefix(8) { bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: buildID)) }

            let first = try await RunningDaemon.start(bed)
            try await first.waitForPhases(["publishing": 2, "downloading": 2, "building": 4])
            // Publishing builds gave their hosts back; the last two tasks get tickets
            // that never become ready.
            bed.resalloc.setNeverReady(true)
            for buildID in buildIDs.suffix(2) { bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: buildID)) }
            _ = try await TestHTTP.send("POST", "\(first.baseURL)/wakeup")
            try await first.waitForPhases(["publishing": 2, "downloading": 2, "building": 4, "allocating-host": 2])
            let building = try await first.status()["running"]?.arrayValue?.filter { $0["phase"] == "building" }
                .compactMap { $0["task_id"]?.stringValue } ?? []
            for taskID in building {
                try await bed.waitForLiveLog(Int(taskID.prefix(3))!, containing: "SLEEP 2")
            }
            #expect(try await first.crash().exit == .signaled(SIGKILL))
            // Six builds hold their builders, two wait for one; publishing needs none.
            #expect(bed.resalloc.openTickets.count == 8)
            for buildID in buildIDs { #expect(bed.finalUpdate("\(buildID)-fedora-41-x86_64") == nil) }
            let journal = try await ProcessRunner().capture(
                RunningDaemon.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(journal.standardOutput.contains("lists 10 build(s) in flight when the daemon stopped"), "\(journal.standardOutput)")

            bed.resalloc.setNeverReady(false)
            try FileManager.default.removeItem(atPath: holdPublishing)
            for host in hosts[2..<4] { try FileManager.default.removeItem(atPath: "\(host.knobsDir)/hold-rsync") }
            let second = try await RunningDaemon.start(bed)
            try await waitUntil("every build to end", timeout: .seconds(90)) {
                buildIDs.allSatisfy { bed.finalUpdate("\($0)-fedora-41-x86_64") != nil }
            }
            for buildID in buildIDs {
                let taskID = "\(buildID)-fedora-41-x86_64"
                #expect(bed.finalUpdate(taskID)?["status"] == 1, "\(taskID)")
                #expect(bed.frontend.updates(forTask: taskID).filter { [0, 1].contains($0["status"]?.intValue) }.count == 1, "\(taskID)")
                let starts = hosts.flatMap(\.receivedCommands).filter { $0.contains("--detached") && $0.contains("/\(taskID) ") }.count
                #expect(starts == 1, "\(taskID) started \(starts) times on builders")
            }
            for taskID in building {
                let liveLog = try await bed.log("builder-live.log", in: bed.resultsDir(Int(taskID.prefix(3))!))
                for line in 1...60 {
                    #expect(liveLog.components(separatedBy: "SLEEP \(line)\n").count == 2, "\(taskID): SLEEP \(line)")
                }
            }
            #expect(bed.resalloc.openTickets.isEmpty)
            // The two tickets that waited for a host were closed; the rest were taken up.
            #expect(bed.resalloc.takenTickets.count == 12)
            #expect(try await second.stop().exit == .exited(0))
            let journalAfter = try await ProcessRunner().capture(
                RunningDaemon.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(journalAfter.standardOutput.contains("lists 0 build(s) in flight"), "\(journalAfter.standardOutput)")
        }
    }

    @Test("SIGTERM leaves the remote build running; the next start follows it to the end")
    func stopAndRestart() async throws {
        let port = try RunCommandTests.freePort()
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "0.5", "http_listen": "127.0.0.1:\(port)"]]) { bed in
            let host = bed.farm.hosts[0]
            // Long enough to outlast the stop, even on a loaded machine.
            host.setBuildMode("sleep 12")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 95))
            let first = try await RunningDaemon.start(bed)
            try await bed.waitForLiveLog(95, containing: "SLEEP 2")
            let ended = LockedValue(false)
            let stopped = Task {
                defer { ended.withLock { $0 = true } }
                return try await first.stop()
            }
            try await waitUntil("the daemon to stop within 10 s", timeout: .seconds(10)) { ended.value }
            #expect(try await stopped.value.exit == .exited(0))
            let stillRunning = try await host.runOnHost("kill -0 -- -$(cat /var/lib/copr-rpmbuild/pid)")
            #expect(stillRunning.status == 0, "the remote build was stopped")
            #expect(bed.finalUpdate("95-fedora-41-x86_64") == nil)
            #expect(bed.resalloc.openTickets.count == 1)

            let second = try await RunningDaemon.start(bed)
            try await waitUntil("the build to end", timeout: .seconds(40)) { bed.finalUpdate("95-fedora-41-x86_64") != nil }
            #expect(bed.finalUpdate("95-fedora-41-x86_64")?["status"] == 1)
            #expect(host.receivedCommands.filter { $0.contains("--detached") }.count == 1, "\(host.receivedCommands)")
            #expect(!host.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
            let liveLog = try await bed.log("builder-live.log", in: bed.resultsDir(95))
            for line in 1...60 {
                #expect(liveLog.components(separatedBy: "SLEEP \(line)\n").count == 2, "SLEEP \(line)")
            }
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(95))
            #expect(backendLog.contains("the build is left as it is, the next start takes it up"))
            #expect(backendLog.contains("Taking up the build where the previous backend left it: building, attempt 1"))
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(bed.resalloc.takenTickets.count == 1)
            #expect(try await second.stop().exit == .exited(0))
        }
    }

    @Test("a crash, then the builder's ticket fails: the restart builds the task on another host")
    func crashAndBuilderGone() async throws {
        let port = try RunCommandTests.freePort()
        try await WorkerTestBed.run(hosts: 2, config: ["backend": ["sleeptime": "0.5", "http_listen": "127.0.0.1:\(port)"]]) { bed in
            for host in bed.farm.hosts { host.setBuildMode("sleep 3") }
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 97))
            let first = try await RunningDaemon.start(bed)
            try await bed.waitForLiveLog(97, containing: "SLEEP 1")
            #expect(try await first.crash().exit == .signaled(SIGKILL))
            let ticket = try #require(bed.resalloc.openTickets.first)
            bed.resalloc.failTicket(ticket.id)

            let second = try await RunningDaemon.start(bed)
            try await waitUntil("the build to end", timeout: .seconds(60)) { bed.finalUpdate("97-fedora-41-x86_64") != nil }
            #expect(bed.finalUpdate("97-fedora-41-x86_64")?["status"] == 1)
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(97))
            #expect(backendLog.contains("is gone since the restart; the build goes to another host"), "\(backendLog)")
            #expect(bed.resalloc.takenTickets.count == 2)
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(try await second.stop().exit == .exited(0))
        }
    }
}
