import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The `copr-backend process-build` executable, run as an operator would.
@Suite("Integration: copr-backend process-build", .timeLimit(.minutes(2)))
struct ProcessBuildCommandTests {
    /// The executable built next to the test bundle.
    static var executable: String {
        Bundle.main.bundleURL.appendingPathComponent("copr-backend").path
    }

    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await ProcessRunner().capture(Self.executable, arguments, timeout: .seconds(120))
    }

    @Test("a bad configuration exits 2 with one line naming the option")
    func badConfiguration() async throws {
        try await withTemporaryDirectory { tmp in
            let config = tmp.appending("copr-be.conf")
            try "[backend]\ndestdir = \(tmp.path)\n[timing]\nssh_command_timeout = -3\n".write(toFile: config, atomically: true, encoding: .utf8)
            let output = try await run(["process-build", "--build-id", "1", "--chroot", "fedora-41-x86_64", "-c", config])
            #expect(output.exit == .exited(2))
            let lines = output.standardError.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.contains("[timing] ssh_command_timeout: '-3'") == true)
        }
    }

    @Test("an unreadable destdir exits 1")
    func unusableDestdir() async throws {
        try await withTemporaryDirectory { tmp in
            let config = tmp.appending("copr-be.conf")
            try "[backend]\ndestdir = /nonexistent/results\nlog_dir = \(tmp.path)/log\nstate_dir = \(tmp.path)/state\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let output = try await run(["process-build", "--build-id", "1", "--chroot", "fedora-41-x86_64", "-c", config])
            #expect(output.exit == .exited(1))
            #expect(output.standardError.contains("destdir /nonexistent/results is not a writable directory"))
        }
    }

    @Test("an unknown task exits 3 and does nothing else")
    func unknownTask() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let output = try await run(["process-build", "--build-id", "404", "--chroot", "fedora-41-x86_64", "-c", bed.configuration.path])
            #expect(output.exit == .exited(3))
            #expect(bed.frontend.requests(to: .startingBuild).isEmpty)
            #expect(bed.frontend.requests(to: .update).isEmpty)
            #expect(bed.resalloc.takenTickets.isEmpty)
        }
    }

    @Test("a frontend that refuses the backend's password exits 1, not 3")
    func refusedByFrontend() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 62))
            bed.frontend.failNext(1, .getBuildTask, status: 403)
            let output = try await run(["process-build", "--build-id", "62", "--chroot", "fedora-41-x86_64", "-c", bed.configuration.path])
            #expect(output.exit == .exited(1))
            #expect(output.standardError.contains("403"))
            #expect(bed.frontend.requests(to: .startingBuild).isEmpty)
        }
    }

    @Test("SIGTERM cancels the build through the cancel path and exits 0")
    func sigterm() async throws {
        try await WorkerTestBed.run(hosts: 1) { bed in
            let host = bed.farm.hosts[0]
            host.setBuildMode("sleep 60")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 61))
            let process = Task {
                try await run(["process-build", "--build-id", "61", "--chroot", "fedora-41-x86_64", "-c", bed.configuration.path])
            }
            try await bed.waitForLiveLog(61, containing: "SLEEP 1")
            let pgid = try #require(host.builderFile("pid")?.trimmingCharacters(in: .whitespacesAndNewlines))
            let pids = try await ProcessRunner().capture("pgrep", ["-f", "process-build --build-id 61"], timeout: .seconds(30))
            for pid in pids.standardOutput.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGTERM) }
            let output = try await process.value
            #expect(output.exit == .exited(0), "\(output.standardError)")
            #expect(try await host.runOnHost("kill -0 -\(pgid)").status != 0)
            #expect(bed.finalUpdate("61-fedora-41-x86_64")?["status"] == 0)
            #expect(bed.resalloc.openTickets.isEmpty)
        }
    }
}
