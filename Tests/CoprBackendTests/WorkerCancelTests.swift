import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

@Suite("Integration: the worker on sshd builders, cancel", .timeLimit(.minutes(2)))
struct WorkerCancelTests {
    @Test("a cancel while waiting for a host that never gets ready takes effect at once")
    func cancelWhileWaitingForHost() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["timing": ["host_ready_backoff": "30"]]) { bed in
            bed.resalloc.setNeverReady(true)
            let interrupt = BuildInterrupt()
            let task = try bed.startRPM(31, interrupt: interrupt)
            try await waitUntil("a ticket to be collected", timeout: .seconds(30)) { bed.resalloc.takenTickets.first.map { $0.collects >= 1 } ?? false }
            let canceledAt = ContinuousClock.now
            interrupt.cancel()
            #expect(await task.value == .finished(.failed))
            // Far below the 30 s readiness sleep the worker was in.
            #expect(ContinuousClock.now - canceledAt < .seconds(10))
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(bed.finalUpdate("31-fedora-41-x86_64")?["status"] == 0)
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(31))
            #expect(backendLogText.contains("Build was canceled"))
        }
    }

    @Test("a cancel while building stops the remote build's whole process group")
    func cancelWhileBuilding() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("sleep 60")
            let interrupt = BuildInterrupt()
            let task = try bed.startRPM(32, interrupt: interrupt)
            try await bed.waitForLiveLog(32, containing: "SLEEP 2")
            let pgid = try #require(host.builderFile("pid")?.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(try await host.runOnHost("kill -0 -\(pgid)").status == 0)
            interrupt.cancel()
            #expect(await task.value == .finished(.failed))
            #expect(try await host.runOnHost("kill -0 -\(pgid)").status != 0, "the remote build survived the cancel")
            #expect(host.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(bed.finalUpdate("32-fedora-41-x86_64")?["status"] == 0)
            #expect(bed.events.kinds.last == .buildEnd)
        }
    }

    @Test("a build that outlives its timeout is stopped by the fail-safe")
    func timeoutFailSafe() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["timing": ["timeout_grace": "1"]]) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("hang")
            var record = FrontendStub.rpmTaskRecord(buildID: 33)
            record = record.setting("timeout", to: 1)
            bed.frontend.addRPMTask(record)
            let outcome = try await bed.worker().process(buildID: 33, chroot: "fedora-41-x86_64", interrupt: BuildInterrupt())
            #expect(outcome == .finished(.failed))
            let backendLogText = try await bed.log("backend.log", in: bed.resultsDir(33))
            #expect(backendLogText.contains("Build timeouted"))
            #expect(host.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
            #expect(bed.resalloc.takenTickets.count == 1)
        }
    }
}
