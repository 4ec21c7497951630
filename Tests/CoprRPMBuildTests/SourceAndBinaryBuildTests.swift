import CoprTestSupport
import Foundation
import Testing

/// Real builds through every source path, each followed by the RPM build of its SRPM.
@Suite("SRPM and RPM builds")
struct SourceAndBinaryBuildTests {
    /// Builds the RPMs of an SRPM served at `srpmURL` and checks the results directory.
    private func buildRPMs(_ sandbox: BuilderSandbox, buildID: Int, srpmURL: String? = nil,
                           gitRepo: String? = nil, gitHash: String? = nil,
                           expect name: String, arch: String) async throws {
        var task: [String: Any] = ["build_id": buildID, "task_id": "\(buildID)-\(Packages.chroot)",
                                   "chroot": Packages.chroot, "project_owner": "tester", "project_name": "demo",
                                   "timeout": 600, "enable_net": false]
        if let srpmURL { task["srpm_url"] = srpmURL }
        if let gitRepo { task["git_repo"] = gitRepo }
        if let gitHash { task["git_hash"] = gitHash }
        let outcome = try await sandbox.build(taskURL: try sandbox.serveTask("rpm-\(buildID)", task), srpm: false)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.succeeded)
        let files = sandbox.resultFiles()
        #expect(files.contains { $0.hasPrefix(name + "-") && $0.hasSuffix(".fc41.\(arch).rpm") }, "\(files)")
        #expect(files.contains { $0.hasSuffix(".src.rpm") } && files.contains("build.log"))
        #expect(files.contains { $0.hasSuffix(".spec") })
        let packages = try #require(try sandbox.resultsJSON()["packages"] as? [[String: Any]])
        #expect(Set(packages.compactMap { $0["arch"] as? String }) == [arch, "src"])
        #expect(packages.allSatisfy { $0["name"] as? String == name && $0.keys.contains("epoch") })
    }

    @Test func noarchPackageFromASRPMLink() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let srpm = try await Packages.makeSRPM(spec: Packages.noarchSpec(), files: ["hello.txt": "hello\n"],
                                               in: sandbox.root + "/make")
        let srpmURL = try sandbox.serve("pkgs/hello-noarch-1.0-1.src.rpm", Data(contentsOf: URL(fileURLWithPath: srpm)))
        let task: [String: Any] = ["build_id": 11, "task_id": "11", "source_type": 1,
                                   "source_json": #"{"url": "\#(srpmURL)"}"#,
                                   "distributions_in_build": ["fedora-41", "epel-9"]]
        let outcome = try await sandbox.build(taskURL: try sandbox.serveTask("srpm-11", task), srpm: true)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles() == ["hello-noarch-1.0-1.src.rpm", "pkg.spec", "results.json", "success"])
        let results = try sandbox.resultsJSON()
        #expect(results["name"] as? String == "hello-noarch" && results["version"] as? String == "1.0")
        #expect(results["release"] as? String == "1" && results["epoch"] is NSNull)
        let tags = try #require(results["architecture_specific_tags"] as? [String: [String: [String]]])
        #expect(tags["fedora-41"] == ["exclusivearch": [], "excludearch": ["s390x"], "buildarch": ["noarch"]])
        #expect(tags["epel-9"] != nil)

        try await buildRPMs(sandbox, buildID: 12, srpmURL: srpmURL, expect: "hello-noarch", arch: "noarch")
    }

    @Test func cPackageFromASpecURLWithRemoteSources() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let sourceURL = try sandbox.serve("upstream/hello.c", text: Packages.helloC)
        let specURL = try sandbox.serve("specs/hello-c.spec", text: Packages.cSpec(source: sourceURL))
        let task: [String: Any] = ["build_id": 21, "task_id": "21", "source_type": 1,
                                   "source_json": ["url": specURL], "distributions_in_build": ["fedora-41"]]
        let outcome = try await sandbox.build(taskURL: try sandbox.serveTask("srpm-21", task), srpm: true)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles() == ["hello-c-2.1-3.src.rpm", "hello-c.spec", "results.json", "success"])
        let tags = try #require(try sandbox.resultsJSON()["architecture_specific_tags"] as? [String: [String: [String]]])
        #expect(tags["fedora-41"]?["exclusivearch"] == ["x86_64", "aarch64", "ppc64le", "s390x"])

        let srpmURL = try sandbox.serve("pkgs/hello-c-2.1-3.src.rpm",
                                        Data(contentsOf: URL(fileURLWithPath: sandbox.resultDir + "/hello-c-2.1-3.src.rpm")))
        try await buildRPMs(sandbox, buildID: 22, srpmURL: srpmURL, expect: "hello-c", arch: Packages.hostArch)
    }

    @Test func packagesFromGitRepositories() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        // SCM source: spec in a subdirectory, one source in the repo, one only upstream.
        let remoteURL = try sandbox.serve("upstream/remote.txt", text: "from upstream\n")
        try await GitRepositoryFixture.make(at: sandbox.served + "/git/noarch.git", files: [
            "README": "not a package\n",
            "packaging/hello-noarch.spec": Packages.noarchSpec(source: remoteURL, extraSource: "local.txt"),
            "packaging/local.txt": "from the repository\n",
        ])
        let task: [String: Any] = [
            "build_id": 31, "task_id": "31", "source_type": 8,
            "source_json": ["clone_url": sandbox.server.baseURL + "/git/noarch.git", "committish": "v1",
                            "subdirectory": "packaging", "spec": "hello-noarch.spec", "type": "git",
                            "srpm_build_method": "rpkg"]]
        let outcome = try await sandbox.build(taskURL: try sandbox.serveTask("srpm-31", task), srpm: true)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles() == ["hello-noarch-1.0-1.src.rpm", "hello-noarch.spec", "results.json", "success"])
        let srpmURL = try sandbox.serve("pkgs/hello-noarch-1.0-1.src.rpm",
                                        Data(contentsOf: URL(fileURLWithPath: sandbox.resultDir + "/hello-noarch-1.0-1.src.rpm")))
        try await buildRPMs(sandbox, buildID: 32, srpmURL: srpmURL, expect: "hello-noarch", arch: "noarch")

        // Dist-git: the RPM task names the repository and the commit; the spec is on top.
        let hash = try await GitRepositoryFixture.make(at: sandbox.served + "/git/hello-c.git", files: [
            "hello-c.spec": Packages.cSpec(source: "hello.c"), "hello.c": Packages.helloC,
        ])
        try await buildRPMs(sandbox, buildID: 33, gitRepo: sandbox.server.baseURL + "/git/hello-c.git",
                            gitHash: hash, expect: "hello-c", arch: Packages.hostArch)
    }

    @Test func aBrokenSpecLeavesNoSuccessAndExplains() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let specURL = try sandbox.serve("specs/broken.spec", text: Packages.brokenSpec)
        let task: [String: Any] = ["build_id": 41, "task_id": "41", "source_type": 1, "source_json": ["url": specURL]]
        let outcome = try await sandbox.build(taskURL: try sandbox.serveTask("srpm-41", task), srpm: true)
        #expect(!outcome.succeeded)
        #expect(!sandbox.succeeded)
        #expect(outcome.output.contains("Release field must be present") || outcome.output.contains("error:"), "\(outcome.output)")
        #expect(outcome.output.contains("failed (exit code"), "\(outcome.output)")
    }
}
