import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// `copr-backend run`, started as an operator would start it.
@Suite("copr-backend run", .timeLimit(.minutes(2)))
struct RunCommandTests {
    static let executable = Bundle.main.bundleURL.appendingPathComponent("copr-backend").path

    /// A port for the daemon's HTTP address, different for every test process.
    static func freePort() -> Int { 20000 + Int(getpid() % 20000) }

    @Test("the daemon builds, reports its status, refuses a second instance and stops on SIGTERM")
    func daemonLifecycle() async throws {
        let port = Self.freePort()
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "30", "http_listen": "127.0.0.1:\(port)"]]) { bed in
            let daemon = Task {
                try await ProcessRunner().capture(Self.executable, ["run", "-c", bed.configuration.path], timeout: .seconds(90))
            }
            let base = "http://127.0.0.1:\(port)"
            try await waitUntil("the daemon to listen", timeout: .seconds(30)) {
                (try? await TestHTTP.send("GET", "\(base)/health"))?.status == 200
            }
            let health = try await TestHTTP.send("GET", "\(base)/health")
            #expect(health.json?["status"] == "ok")

            // Work appears after the first cycle; a wake-up starts it long before sleeptime.
            bed.farm.hosts[0].setBuildMode("sleep 3")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 91))
            #expect(try await TestHTTP.send("POST", "\(base)/wakeup").status == 202)
            try await bed.waitForLiveLog(91, containing: "SLEEP 1")
            let status = try await ProcessRunner().capture(
                Self.executable, ["status", "--json", "-c", bed.configuration.path], timeout: .seconds(30))
            let parsed = try JSONValue.parse(status.standardOutput)
            #expect(parsed["running"]?[0]?["task_id"] == "91-fedora-41-x86_64", "\(status.standardOutput)")
            #expect(parsed["running"]?[0]?["phase"] == "building")
            #expect(parsed["running"]?[0]?["host"]?.stringValue == bed.farm.hosts[0].address)
            #expect(parsed["queue"]?.arrayValue?.isEmpty == true)
            let table = try await ProcessRunner().capture(Self.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(table.standardOutput.contains("Running builds: 1\n  91-fedora-41-x86_64  running for"))
            #expect(table.standardOutput.contains("building on \(bed.farm.hosts[0].address), attempt 1"))
            try await waitUntil("the build to finish", timeout: .seconds(25)) { bed.finalUpdate("91-fedora-41-x86_64") != nil }
            #expect(bed.finalUpdate("91-fedora-41-x86_64")?["status"] == 1)
            let metrics = try await TestHTTP.send("GET", "\(base)/metrics")
            #expect(metrics.header("content-type")?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"copr_backend_phase_duration_seconds_count{phase="publishing"} 1"#), "\(metrics.text)")

            let second = try await ProcessRunner().capture(Self.executable, ["run", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(second.exit == .exited(2))
            #expect(second.standardError.contains("another copr-backend daemon is running"))

            let pids = try await ProcessRunner().capture("pgrep", ["-f", "copr-backend run -c \(bed.configuration.path)"], timeout: .seconds(5))
            for pid in pids.standardOutput.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGTERM) }
            let output = try await daemon.value
            #expect(output.exit == .exited(0), "\(output.standardError)")
            let noDaemon = try await ProcessRunner().capture(Self.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(noDaemon.exit == .exited(1))
            #expect(noDaemon.standardError.contains("no daemon answers on 127.0.0.1:\(port)"))
            let log = try String(contentsOfFile: bed.directory.appending("log/build_dispatcher.log"), encoding: .utf8)
            #expect(log.contains("Build dispatcher stopped"))
        }
    }
}

@Suite("copr-backend run after a crash", .timeLimit(.minutes(2)))
struct DaemonCrashTests {
    @Test("kill -9, then a restart: the old ticket is closed, the task ends once, nothing leaks", arguments: ["building", "waiting for a host"])
    func killAndRestart(phase: String) async throws {
        let port = RunCommandTests.freePort() + (phase == "building" ? 1 : 2)
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "0.5", "http_listen": "127.0.0.1:\(port)"]]) { bed in
            bed.farm.hosts[0].setBuildMode("sleep 2")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 93))
            let arguments = ["run", "-c", bed.configuration.path]
            let first = Task { try await ProcessRunner().capture(RunCommandTests.executable, arguments, timeout: .seconds(60)) }
            if phase == "building" {
                try await bed.waitForLiveLog(93, containing: "SLEEP 1")
            } else {
                bed.resalloc.setNeverReady(true)
                try await waitUntil("a ticket to be collected", timeout: .seconds(30)) { bed.resalloc.takenTickets.first.map { $0.collects >= 2 } ?? false }
            }
            #expect(bed.resalloc.openTickets.count == 1)
            let pids = try await ProcessRunner().capture("pgrep", ["-f", "copr-backend run -c \(bed.configuration.path)"], timeout: .seconds(5))
            for pid in pids.standardOutput.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            #expect(try await first.value.exit == .signaled(SIGKILL))
            #expect(bed.finalUpdate("93-fedora-41-x86_64") == nil)
            let status = try await ProcessRunner().capture(RunCommandTests.executable, ["status", "-c", bed.configuration.path], timeout: .seconds(30))
            #expect(status.exit == .exited(1))
            #expect(status.standardOutput.contains("lists 1 build(s) in flight when the daemon stopped:\n  93-fedora-41-x86_64  "), "\(status.standardOutput)")
            #expect(status.standardOutput.contains("ticket 1"))
            bed.resalloc.setNeverReady(false)

            let second = Task { try await ProcessRunner().capture(RunCommandTests.executable, arguments, timeout: .seconds(60)) }
            try await waitUntil("the task to end after the restart", timeout: .seconds(40)) { bed.finalUpdate("93-fedora-41-x86_64") != nil }
            #expect(bed.finalUpdate("93-fedora-41-x86_64")?["status"] == 1)
            #expect(bed.frontend.updates(forTask: "93-fedora-41-x86_64").filter { [0, 1].contains($0["status"]?.intValue) }.count == 1)
            let log = try String(contentsOfFile: bed.directory.appending("log/build_dispatcher.log"), encoding: .utf8)
            #expect(log.contains("when the previous daemon stopped; closing the ticket"))
            #expect(bed.resalloc.openTickets.isEmpty)
            #expect(bed.resalloc.takenTickets.count == 2)

            let again = try await ProcessRunner().capture("pgrep", ["-f", "copr-backend run -c \(bed.configuration.path)"], timeout: .seconds(5))
            for pid in again.standardOutput.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGTERM) }
            #expect(try await second.value.exit == .exited(0))
        }
    }
}
