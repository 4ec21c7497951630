import CoprCore
import CoprRPMBuild
import Foundation
import Testing

/// The backend's way of driving a builder: start detached, follow the log, maybe cancel.
@Suite("Detached runs, log follower, cancel and timeout")
struct DetachedRunTests {
    private func startSlowBuild(_ sandbox: BuilderSandbox, buildID: Int, timeout: Int = 600,
                                ignoreInterrupt: Bool = false) async throws {
        let srpm = try await Packages.makeSRPM(spec: Packages.slowSpec(seconds: 120, ignoreInterrupt: ignoreInterrupt),
                                               files: [:], in: sandbox.root + "/make")
        let srpmURL = try sandbox.serve("pkgs/slow.src.rpm", Data(contentsOf: URL(fileURLWithPath: srpm)))
        let taskURL = try sandbox.serveTask("rpm-\(buildID)", [
            "build_id": buildID, "task_id": "\(buildID)-\(Packages.chroot)", "chroot": Packages.chroot,
            "srpm_url": srpmURL, "timeout": timeout])
        let start = try await sandbox.run("copr-rpmbuild", ["--verbose", "--drop-resultdir", "--task-url", taskURL,
                                                            "--chroot", Packages.chroot, "--detached"])
        #expect(start.succeeded, "\(start.output)")
    }

    /// Processes (not zombies) of the build's process group or session.
    private func survivors(of groupID: Int32) -> [Int32] {
        ProcessTable().entries.filter { $0.processGroup == groupID || $0.session == groupID }.map(\.pid)
    }

    private func groupID(_ sandbox: BuilderSandbox) throws -> Int32 {
        let text = try String(contentsOfFile: sandbox.pidFile, encoding: .utf8)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func theLogFollowerEndsWhenTheBuildEnds() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        // The build waits in its %build until the test has looked.
        let go = sandbox.root + "/go"
        let spec = Packages.noarchSpec().replacingOccurrences(of: "%build\n", with: "%build\nwhile [ ! -e \(go) ]; do sleep 0.1; done\n")
        try #require(spec.contains("while [ ! -e"))
        let srpm = try await Packages.makeSRPM(spec: spec, files: ["hello.txt": "hi\n"], in: sandbox.root + "/make")
        let srpmURL = try sandbox.serve("pkgs/hello.src.rpm", Data(contentsOf: URL(fileURLWithPath: srpm)))
        let taskURL = try sandbox.serveTask("rpm-51", ["build_id": 51, "task_id": "51-\(Packages.chroot)",
                                                       "chroot": Packages.chroot, "srpm_url": srpmURL])
        let start = try await sandbox.run("copr-rpmbuild", ["--drop-resultdir", "--task-url", taskURL, "--detached"])
        #expect(start.succeeded)
        #expect(!sandbox.succeeded, "the starting command must not wait for the build")
        FileManager.default.createFile(atPath: go, contents: nil)
        let log = try await sandbox.run("copr-rpmbuild-log", [])
        #expect(log.succeeded)
        #expect(log.output.contains("Logging PID:") && log.output.contains("Build succeeded"), "\(log.output)")
        #expect(sandbox.succeeded)
        // The follower showed everything the build wrote.
        #expect(log.output.contains(sandbox.mainLog().split(separator: "\n").last.map(String.init) ?? "<none>"))
        #expect(!sandbox.mainLog().contains("\r"))
    }

    @Test func theLogFollowerGivesUpWhenNoBuildStarts() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let log = try await sandbox.run("copr-rpmbuild-log", [])
        #expect(!log.succeeded)
        #expect(log.output.contains("doesn't exist, yet") && log.output.contains("Unable to wait for copr-rpmbuild process, exit."))
    }

    @Test func cancelStopsEveryProcessOfTheBuild() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await startSlowBuild(sandbox, buildID: 61, ignoreInterrupt: true)
        #expect(try await sandbox.waitUntil(seconds: 20) { sandbox.mainLog().contains("slow build started") }, "\(sandbox.mainLog())")
        let group = try groupID(sandbox)
        #expect(!survivors(of: group).isEmpty)
        let follower = Task { try await sandbox.run("copr-rpmbuild-log", []) }
        let cancel = try await sandbox.run("copr-rpmbuild-cancel", [])
        #expect(cancel.output.trimmingCharacters(in: .whitespacesAndNewlines) == "success", "\(cancel.output)")
        #expect(survivors(of: group).isEmpty)
        #expect(!sandbox.succeeded)
        // The follower ends because the log filter ended once the build's output closed.
        let followed = try await follower.value
        #expect(followed.output.contains("slow build started"))
        // Cancelling again finds nothing (as a subcommand this time).
        let again = try await Shell.run(BuilderSandbox.binary, ["cancel", "--config", sandbox.configPath])
        #expect(again.output.trimmingCharacters(in: .whitespacesAndNewlines) == "PID \(group) not found")
    }

    @Test func aSecondBuildWaitsForTheLock() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await startSlowBuild(sandbox, buildID: 65)
        #expect(try await sandbox.waitUntil(seconds: 20) { sandbox.mainLog().contains("slow build started") })
        let srpm = try await Packages.makeSRPM(spec: Packages.noarchSpec(), files: ["hello.txt": "hi\n"],
                                               in: sandbox.root + "/make2")
        let srpmURL = try sandbox.serve("pkgs/hello.src.rpm", Data(contentsOf: URL(fileURLWithPath: srpm)))
        let taskURL = try sandbox.serveTask("rpm-66", ["build_id": 66, "chroot": Packages.chroot, "srpm_url": srpmURL])
        let second = Task { try await sandbox.build(taskURL: taskURL, srpm: false) }
        try await Task.sleep(for: .seconds(1))
        #expect(!sandbox.succeeded)
        #expect(try await sandbox.run("copr-rpmbuild-cancel", []).output.contains("success"))
        let outcome = try await second.value
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(outcome.output.contains("Waiting for the lock"))
        #expect(sandbox.succeeded)
    }

    @Test func cancelWithoutAPidFileFails() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let cancel = try await sandbox.run("copr-rpmbuild-cancel", [])
        #expect(!cancel.succeeded && cancel.output.contains("no pid file"), "\(cancel.output)")
    }

    @Test func theTaskTimeoutIsEnforced() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        // The build would sleep 120 s: only the timeout's signals end it (and its log).
        try await startSlowBuild(sandbox, buildID: 71, timeout: 2, ignoreInterrupt: true)
        let log = try await sandbox.run("copr-rpmbuild-log", [])
        #expect(log.output.contains(" !! Copr timeout => sending INT"), "\(log.output)")
        #expect(log.output.contains(" !! Copr timeout => sending TERM"))
        #expect(log.output.contains("exceeded the timeout of 2 s"))
        #expect(!sandbox.succeeded)
        #expect(survivors(of: try groupID(sandbox)).isEmpty)
    }
}
