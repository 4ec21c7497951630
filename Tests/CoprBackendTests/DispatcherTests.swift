import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import ServiceLifecycleTestKit
import Testing

@Suite("Integration: the build dispatcher on sshd builders", .timeLimit(.minutes(2)))
struct DispatcherTests {
    static let quickCycles: [String: [String: String]] = ["backend": ["sleeptime": "0.3"]]

    @Test("pending tasks are built concurrently, each reported once, malformed records skipped")
    func buildsPendingTasks() async throws {
        try await WorkerTestBed.run(hosts: 2, config: Self.quickCycles) { bed in
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 81))
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 82, packageName: "world"))
            bed.frontend.addSRPMTask(FrontendStub.srpmTaskRecord(buildID: 83))
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 84).setting("project_owner", to: nil))
            let dispatcher = try bed.dispatcher()
            try await testGracefulShutdown { trigger in
                let daemon = Task { await dispatcher.run() }
                try await waitUntil("three final updates", timeout: .seconds(60)) {
                    ["81-fedora-41-x86_64", "82-fedora-41-x86_64", "83"].allSatisfy { bed.finalUpdate($0) != nil }
                }
                trigger.triggerGracefulShutdown()
                await daemon.value
            }
            for taskID in ["81-fedora-41-x86_64", "82-fedora-41-x86_64", "83"] {
                #expect(bed.finalUpdate(taskID)?["status"] == 1, "\(taskID)")
                #expect(bed.frontend.updates(forTask: taskID).filter { $0["status"] == 1 }.count == 1)
                #expect(bed.frontend.startingBuilds.filter { $0["task_id"]?.stringValue == taskID }.count == 1)
            }
            #expect(bed.frontend.startingBuilds.allSatisfy { $0["build_id"] != 84 })
            #expect(bed.dispatcherLog.contains("Skipping pending-jobs record"))
            #expect(bed.resalloc.openTickets.isEmpty)
        }
    }

    @Test("a frontend that is down for a while loses nothing and duplicates nothing")
    func frontendDown() async throws {
        try await WorkerTestBed.run(hosts: 1, config: Self.quickCycles) { bed in
            bed.frontend.failNext(4, .pendingJobs, status: 503)
            bed.frontend.failNext(3, .cancelRequests, status: 500)
            bed.frontend.failNext(3, .update, status: 502)
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 89))
            let dispatcher = try bed.dispatcher()
            try await testGracefulShutdown { trigger in
                let daemon = Task { await dispatcher.run() }
                try await waitUntil("the final update", timeout: .seconds(60)) { bed.finalUpdate("89-fedora-41-x86_64") != nil }
                // Pending jobs keep listing the task while it runs: it must not start twice.
                try await Task.sleep(for: .seconds(1))
                trigger.triggerGracefulShutdown()
                await daemon.value
            }
            #expect(bed.finalUpdate("89-fedora-41-x86_64")?["status"] == 1)
            #expect(bed.frontend.startingBuilds.count == 1)
            #expect(bed.frontend.updates(forTask: "89-fedora-41-x86_64").map { $0["status"]?.intValue } == [3, 1])
            #expect(bed.resalloc.takenTickets.count == 1)
            let metrics = await dispatcher.metricsText()
            #expect(metrics.contains("copr_backend_frontend_errors_total 10"), "\(metrics)")
            #expect(metrics.contains(#"copr_backend_phase_duration_seconds_count{phase="building"} 1"#))
            #expect(metrics.contains("copr_backend_open_tickets 0"))
        }
    }

    @Test("a cancel request reaches a running build at once and is confirmed with true")
    func cancelRunning() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "30"]]) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("sleep 60")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 85))
            let dispatcher = try bed.dispatcher()
            try await testGracefulShutdown { trigger in
                let daemon = Task { await dispatcher.run() }
                try await bed.waitForLiveLog(85, containing: "SLEEP 1")
                let pgid = try #require(host.builderFile("pid")?.trimmingCharacters(in: .whitespacesAndNewlines))
                bed.frontend.requestCancel("85-fedora-41-x86_64")
                dispatcher.wakeUp()
                try await waitUntil("the final update", timeout: .seconds(30)) { bed.finalUpdate("85-fedora-41-x86_64") != nil }
                #expect(bed.finalUpdate("85-fedora-41-x86_64")?["status"] == 0)
                #expect(bed.frontend.canceledReports.first { $0.taskID == "85-fedora-41-x86_64" }?.body == true)
                #expect(try await host.runOnHost("kill -0 -\(pgid)").status != 0, "the remote build survived the cancel")

                // A failed build is among the status's recent failures, with its builder
                // and reason; the canceled one is not (it was the user's doing).
                host.setBuildMode("fail")
                bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 90))
                dispatcher.wakeUp()
                try await waitUntil("the failed build among the recent failures", timeout: .seconds(30)) {
                    await !dispatcher.status.recentFailures.isEmpty
                }
                let failures = await dispatcher.status.recentFailures
                #expect(failures.map(\.taskID) == ["90-fedora-41-x86_64"])
                #expect(failures.first?.kind == "build")
                #expect(failures.first?.builder == host.address, "\(failures)")
                #expect(failures.first?.reason.isEmpty == false)
                trigger.triggerGracefulShutdown()
                await daemon.value
            }
        }
    }

    @Test("a limit keeps a task queued with its reason; cancelling it there confirms with null")
    func cancelQueued() async throws {
        try await WorkerTestBed.run(hosts: 2, config: ["backend": ["sleeptime": "0.3", "builds_max_workers": "1"]]) { bed in
            bed.farm.hosts.forEach { $0.setBuildMode("sleep 60") }
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 86))
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 87, packageName: "world"))
            let dispatcher = try bed.dispatcher()
            try await testGracefulShutdown { trigger in
                let daemon = Task { await dispatcher.run() }
                try await bed.waitForLiveLog(86, containing: "SLEEP 1")
                let status = await dispatcher.status
                #expect(status.running.map(\.taskID) == ["86-fedora-41-x86_64"])
                #expect(status.running.first?.phase == .building)
                #expect(status.running.first?.attempt == 1)
                #expect(bed.farm.hosts.map(\.address).contains(status.running.first?.host ?? "none"))
                let waiting = try #require(status.queue.first)
                #expect(waiting.taskID == "87-fedora-41-x86_64")
                #expect(waiting.waitingFor == .init(limit: "builds_max_workers", count: 1, max: 1))
                let dump = try JSONValue.parse(try String(contentsOfFile: bed.directory.appending("log/copr-build-dispatcher-queue.json"), encoding: .utf8))
                #expect(dump == [[.int(waiting.priority), 0, "87-fedora-41-x86_64"]])
                let metrics = await dispatcher.metricsText()
                #expect(metrics.contains(#"copr_backend_running_tasks{phase="building"} 1"#), "\(metrics)")
                #expect(metrics.contains(#"copr_backend_queue_depth{arch="x86_64",owner="jdoe"} 1"#))
                #expect(metrics.contains("copr_backend_open_tickets 1"))
    
                bed.frontend.requestCancel("87-fedora-41-x86_64")
                dispatcher.wakeUp()
                try await waitUntil("the cancel confirmation", timeout: .seconds(30)) {
                    bed.frontend.canceledReports.contains { $0.taskID == "87-fedora-41-x86_64" }
                }
                #expect(bed.frontend.canceledReports.first { $0.taskID == "87-fedora-41-x86_64" }?.body == .null)
                #expect(!bed.frontend.startingBuilds.contains { $0["task_id"] == "87-fedora-41-x86_64" })
                let afterCancel = await dispatcher.metricsText()
                #expect(afterCancel.contains("copr_backend_cancels_total 1"))
                #expect(afterCancel.contains(#"copr_backend_queue_depth{arch="x86_64",owner="jdoe"} 0"#))
                trigger.triggerGracefulShutdown()
                await daemon.value
            }
        }
    }

    @Test("stopping gives running builds back: remote build stopped, host released, nothing reported")
    func gracefulStop() async throws {
        try await WorkerTestBed.run(hosts: 1, config: Self.quickCycles) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("sleep 60")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 88))
            let dispatcher = try bed.dispatcher()
            let stoppedAt = try await testGracefulShutdown { trigger in
                let daemon = Task { await dispatcher.run() }
                try await bed.waitForLiveLog(88, containing: "SLEEP 1")
                let stoppedAt = ContinuousClock.now
                trigger.triggerGracefulShutdown()
                await daemon.value
                return stoppedAt
            }
            #expect(ContinuousClock.now - stoppedAt < .seconds(10))
            #expect(bed.finalUpdate("88-fedora-41-x86_64") == nil)
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(host.receivedCommands.contains { $0.hasPrefix("copr-rpmbuild-cancel") })
        }
    }
}
