import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The scripted copr-rpmbuild, driven over ssh exactly like the backend drives it.
@Suite struct ScriptedBuilderTests {
    @Test func rpmBuildProducesResultsAndACompleteLog() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            host.setLogLines(200)
            frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 42, packageName: "foo", packageVersion: "2.1-3"))
            let taskID = "42-fedora-41-x86_64"

            let start = try await host.runOnHost(
                "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: taskID)) --chroot fedora-41-x86_64 --detached")
            #expect(start.status == 0, "\(start.output)")
            let log = try await host.runOnHost("copr-rpmbuild-log")
            #expect(log.status == 0)
            #expect(log.output.contains("LINE 1\n"))
            #expect(log.output.contains("LINE 200\n"))
            #expect(log.output.contains("Progress: 100%\n"), "CR progress lines are collapsed")
            #expect(log.output.hasSuffix("Build finished successfully\n"), "the log is complete")

            #expect(host.builderFile("results/success") == "done\n")
            let files = try FileManager.default.contentsOfDirectory(atPath: host.builderDir + "/results")
            #expect(files.contains("foo-2.1-3.fc41.noarch.rpm"))
            #expect(files.contains("foo-2.1-3.fc41.src.rpm"))
            #expect(files.contains("foo.spec"))
            let results = try JSONValue.parse(try #require(host.builderFile("results/results.json")))
            #expect(results["packages"]?[0] == ["name": "foo", "epoch": nil, "version": "2.1", "release": "3.fc41", "arch": "noarch"])
            #expect(results["packages"]?[1]?["arch"] == "src")

            // The backend downloads the results with rsync over the same ssh config.
            let download = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: download) }
            try await Shell.check("rsync", [
                "-a", "-e", "ssh -F \(farm.sshConfigPath) -p \(host.port)",
                "\(host.sshDestination):/var/lib/copr-rpmbuild/results/", download + "/",
            ])
            #expect(FileManager.default.fileExists(atPath: download + "/foo-2.1-3.fc41.noarch.rpm"))

            // The builder fetched the task with an unauthenticated GET of the task URL.
            let fetch = try #require(frontend.requests(to: .getBuildTask).first)
            #expect(fetch.path == "/backend/get-build-task/\(taskID)")
            #expect(fetch.header("authorization") == nil)
            #expect(host.receivedCommands == [
                "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: taskID)) --chroot fedora-41-x86_64 --detached",
                "copr-rpmbuild-log",
            ])
        }
    }

    @Test func srpmBuildProducesSourceResults() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            frontend.addSRPMTask(FrontendStub.srpmTaskRecord(buildID: 7, packageName: "bar"))
            _ = try await host.runOnHost(
                "copr-rpmbuild --verbose --drop-resultdir --srpm --task-url \(frontend.taskURL(srpmTask: 7)) --detached")
            #expect(try await host.runOnHost("copr-rpmbuild-log").status == 0)
            #expect(host.builderFile("results/success") == "done\n")
            #expect(FileManager.default.fileExists(atPath: host.builderDir + "/results/bar-1.0-1.copr.src.rpm"))
            let results = try JSONValue.parse(try #require(host.builderFile("results/results.json")))
            #expect(results == ["name": "bar", "epoch": nil, "version": "1.0", "release": "1.copr", "architecture_specific_tags": [:]])
        }
    }

    @Test func failingAndMissingTasksLeaveNoSuccessFile() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 1))
            host.setBuildMode("fail")
            _ = try await host.runOnHost(
                "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: "1-fedora-41-x86_64")) --chroot fedora-41-x86_64 --detached")
            #expect(try await host.runOnHost("copr-rpmbuild-log").output.contains("ERROR: the build failed"))
            #expect(host.builderFile("results/success") == nil)

            host.setBuildMode("success")
            _ = try await host.runOnHost(
                "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: "99-fedora-41-x86_64")) --chroot fedora-41-x86_64 --detached")
            #expect(try await host.runOnHost("copr-rpmbuild-log").output.contains("ERROR: can not fetch the task"))
            #expect(host.builderFile("results/success") == nil)
        }
    }

    @Test func sleepAndNoResultsJSONModes() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 3))
            let start = "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: "3-fedora-41-x86_64")) --chroot fedora-41-x86_64 --detached"

            host.setBuildMode("sleep 1")
            _ = try await host.runOnHost(start)
            let log = try await host.runOnHost("copr-rpmbuild-log").output
            #expect(log.contains("SLEEP 1\n") && log.contains("SLEEP 5\n") && log.hasSuffix("Build finished successfully\n"))
            #expect(host.builderFile("results/results.json") != nil)

            host.setBuildMode("no-results-json")
            _ = try await host.runOnHost(start)
            _ = try await host.runOnHost("copr-rpmbuild-log")
            #expect(host.builderFile("results/success") == "done\n")
            #expect(host.builderFile("results/results.json") == nil)
        }
    }

    @Test func cancelKillsTheWholeProcessGroup() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 5))
            host.setBuildMode("hang")
            _ = try await host.runOnHost(
                "copr-rpmbuild --verbose --drop-resultdir --task-url \(frontend.taskURL(rpmTask: "5-fedora-41-x86_64")) --chroot fedora-41-x86_64 --detached")
            let follow = Task { try await host.runOnHost("copr-rpmbuild-log") }
            try await waitUntil("the build runs") { host.builderFile("main.log")?.contains("HANG 1") == true }
            let pgid = try #require(host.builderFile("pid")?.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(try await host.runOnHost("kill -0 -\(pgid)").status == 0)

            let cancel = try await host.runOnHost("copr-rpmbuild-cancel")
            #expect(cancel.output == "success\n")
            #expect(try await host.runOnHost("kill -0 -\(pgid)").status != 0)
            #expect(try await follow.value.status == 0, "the log follower ends with the build")
            #expect(host.builderFile("results/success") == nil)
            #expect(try await host.runOnHost("copr-rpmbuild-cancel").output == "PID \(pgid) not found\n")
        }
    }

    @Test func versionReadinessAndLogWaitKnobs() async throws {
        try await withTestHostFarm(hosts: 1) { farm in
            let host = farm.hosts[0]
            #expect(try await host.runOnHost("copr-rpmbuild --version") == (0, "1.7.0\n"))
            host.setBuilderVersion(nil)
            #expect(try await host.runOnHost("copr-rpmbuild --version") == (1, "package copr-rpmbuild is not installed\n"))

            #expect(try await host.runOnHost("copr-builder-ready fedora-41-x86_64") == (0, "Builder is ready for fedora-41-x86_64\n"))
            host.setReady(false)
            #expect(try await host.runOnHost("copr-builder-ready fedora-41-x86_64").status == 1)

            host.setLogWait(seconds: 1)
            let log = try await host.runOnHost("copr-rpmbuild-log 2>/dev/null")
            #expect(log == (1, "Unable to wait for copr-rpmbuild process, exit.\n"))
            #expect(try await host.runOnHost("copr-rpmbuild-cancel").status == 1)
        }
    }
}
