import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

@Suite("Integration: the worker on sshd builders, broken builders move the task to another host", .timeLimit(.minutes(2)))
struct WorkerHostFailureTests {
    /// Builds task `buildID` where builder-1 is broken by `breakHost`; the build must
    /// succeed on builder-2 and builder-1's ticket must be given back.
    func expectRetriedOnSecondHost(_ buildID: Int, breakHost: (TestHost) -> Void, logMentions: String) async throws {
        try await WorkerTestBed.run(hosts: 2, name: "retry\(buildID)") { bed in
            breakHost(bed.farm.hosts[0])
            let task = try bed.startRPM(buildID, pinnedTo: bed.farm.hosts[0])
            try await waitUntil("the broken host to be released", timeout: .seconds(30)) { bed.resalloc.closedTickets.count >= 1 }
            bed.resalloc.handOut(bed.farm.hosts[1].name)
            #expect(await task.value == .finished(.succeeded))
            let info = try String(contentsOfFile: "\(bed.resultsDir(buildID))/build.info", encoding: .utf8)
            #expect(info.hasSuffix("builder_ip=\(bed.farm.hosts[1].address)"))
            #expect(bed.resalloc.openTickets.isEmpty)
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(buildID))
            #expect(backendLog.contains(logMentions), "\(backendLog)")
            #expect(backendLog.contains("Retry #1 (on other host)"))
            // Running is reported and announced once, not per attempt.
            #expect(bed.frontend.updates(forTask: "\(buildID)-fedora-41-x86_64").map { $0["status"]?.intValue } == [3, 1])
            #expect(bed.events.kinds == [.buildStart, .chrootStart, .buildEnd])
        }
    }

    @Test("a builder without copr-rpmbuild")
    func builderMissing() async throws {
        try await expectRetriedOnSecondHost(21, breakHost: { $0.setBuilderVersion(nil) }, logMentions: "The copr-rpmbuild package was not found")
    }

    @Test("a builder with a copr-rpmbuild that is too old")
    func builderTooOld() async throws {
        try await expectRetriedOnSecondHost(22, breakHost: { $0.setBuilderVersion("1.5.0") }, logMentions: "Minimum version for builder is 1.6.1")
    }

    @Test("a builder that is not ready for the chroot")
    func builderNotReady() async throws {
        try await expectRetriedOnSecondHost(23, breakHost: { $0.setReady(false) }, logMentions: "Builder wasn't ready")
    }

    @Test("three broken hosts fail the task with a clear message")
    func threeHostsFail() async throws {
        try await WorkerTestBed.run(hosts: 3) { bed in
            bed.farm.hosts.forEach { $0.setBuilderVersion(nil) }
            let metrics = BackendMetrics()
            let outcome = try await bed.buildRPM(24, worker: bed.worker(metrics: metrics))
            #expect(outcome == .finished(.failed))
            let final = try #require(bed.finalUpdate("24-fedora-41-x86_64"))
            #expect(final["status"] == 0)
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(24))
            #expect(backendLog.contains("3 hosts tried without success"))
            #expect(bed.resalloc.takenTickets.count == 3)
            #expect(bed.resalloc.openTickets.isEmpty)
            let text = metrics.render()
            #expect(text.contains(#"copr_backend_retries_total{class="infrastructure"} 3"#), "\(text)")
            #expect(text.contains(#"copr_backend_failures_total{class="infrastructure"} 1"#))
            #expect(text.contains("copr_backend_open_tickets 0"))
        }
    }

    @Test("a dropped SSH connection while following the log reconnects and loses no line")
    func sshDropWhileFollowing() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["timing": ["ssh_unstable_window": "0.01"]]) { bed in
            let host = bed.farm.hosts[0]
            // Long enough that the build still runs when the connection drops, even on a
            // loaded machine.
            host.setBuildMode("sleep 8")
            let task = try bed.startRPM(26)
            try await bed.waitForLiveLog(26, containing: "SLEEP 3")
            host.dropConnections()
            #expect(await task.value == .finished(.succeeded))
            let log = try await bed.log("builder-live.log", in: bed.resultsDir(26))
            let lines = log.split(separator: "\n").filter { $0.hasPrefix("SLEEP ") || $0.hasPrefix("LINE ") }
            #expect(lines == (1...40).map { "SLEEP \($0)" } + (1...5).map { "LINE \($0)" })
            #expect(bed.resalloc.takenTickets.count == 1)
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(26))
            #expect(backendLogText.contains("Downloading the builder-live.log file, attempt 2"))
        }
    }

    @Test("unstable SSH gives up on the host and builds elsewhere")
    func unstableSSH() async throws {
        try await WorkerTestBed.run(hosts: 2, config: ["timing": ["ssh_unstable_window": "30"]]) { bed in
            let flaky = bed.farm.hosts[0]
            flaky.setBuildMode("sleep 20")
            let task = try bed.startRPM(27, pinnedTo: flaky)
            try await bed.waitForLiveLog(27, containing: "SLEEP 1")
            bed.resalloc.handOut(bed.farm.hosts[1].name)
            while !bed.workerLog.contains("Giving up for unstable SSH") {
                flaky.dropConnections()
                try await Task.sleep(for: .milliseconds(150))
            }
            #expect(await task.value == .finished(.succeeded))
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(27))
            #expect(backendLog.contains("Giving up for unstable SSH"))
            // The abandoned build on the flaky host was cancelled there.
            #expect(flaky.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
            let log = try await bed.log("builder-live.log", in: bed.resultsDir(27))
            #expect(log.contains("=== copr-backend: attempt 2 on \(bed.farm.hosts[1].address)"))
        }
    }

    @Test("a builder whose resalloc ticket fails while building is abandoned and the task moves on")
    func ticketFails() async throws {
        try await WorkerTestBed.run(hosts: 2) { bed in
            let dying = bed.farm.hosts[0]
            dying.setBuildMode("sleep 20")
            let task = try bed.startRPM(30, pinnedTo: dying)
            try await bed.waitForLiveLog(30, containing: "SLEEP 1")
            bed.resalloc.handOut(bed.farm.hosts[1].name)
            bed.resalloc.failTicket(try #require(bed.resalloc.takenTickets.first?.id))
            #expect(await task.value == .finished(.succeeded))
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(30))
            #expect(backendLog.contains("Resalloc ticket FAILED"))
            #expect(dying.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
            #expect(bed.resalloc.openTickets.isEmpty)
        }
    }

    @Test("a host that presents another host key is not trusted")
    func changedHostKey() async throws {
        try await WorkerTestBed.run(hosts: 2) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("sleep 5")
            let task = try bed.startRPM(28, pinnedTo: host)
            try await bed.waitForLiveLog(28, containing: "SLEEP 1")
            bed.resalloc.handOut(bed.farm.hosts[1].name)
            try await host.restart(newHostKey: true)
            host.setBuildMode("sleep 5")
            #expect(await task.value == .finished(.succeeded))
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(28))
            #expect(backendLog.contains("host key of \(host.address) changed"), "\(backendLog)")
            // Nothing more was tried on the impostor, not even the remote cancel.
            #expect(!backendLog.contains("cancel build"), "\(backendLog)")
            let info = try String(contentsOfFile: "\(bed.resultsDir(28))/build.info", encoding: .utf8)
            #expect(info.hasSuffix("builder_ip=\(bed.farm.hosts[1].address)"))
        }
    }

    @Test("an rsync failure is retried, then fails the task")
    func rsyncFailure() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["builder": ["results_dir": "/var/lib/copr-rpmbuild/no-such-dir", "max_attempts": "2"]]) { bed in
            let outcome = try await bed.buildRPM(29)
            #expect(outcome == .finished(.failed))
            let backendLog = try await bed.log("backend.log", in: bed.resultsDir(29))
            #expect(backendLog.contains("Failed to download data from builder due to rsync error"))
            let rsyncLog = try String(contentsOfFile: "\(bed.resultsDir(29))/build-00000029.rsync.log", encoding: .utf8)
            #expect(rsyncLog.contains("no-such-dir"))
            #expect(bed.resalloc.openTickets.isEmpty)
        }
    }
}
