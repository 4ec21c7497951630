import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// Copr's own clients against `copr-backend run` with its embedded frontend: copr-cli 2.6
/// and python-copr 2.7 from PyPI (installed by `scripts/install-dependencies.sh`), as
/// users the operator added, create a project, build the example package from an
/// uploaded SRPM, read, watch, download, cancel and delete, and are refused what they may
/// not do; dnf4's copr plugin enables the project. Only addresses the test's daemon
/// listens on are contacted.
@Suite("Integration: Copr's clients", .localBuilderTurns)
struct CoprClientsTests {
    static let chroot = EmbeddedDaemonTests.chroot

    @Test("copr-cli creates, builds an upload, watches, reads, downloads, cancels and deletes; a stranger is refused; python-copr and dnf copr read")
    func theRealClients() async throws {
        let directory = try TemporaryDirectory("copr-clients")
        defer { directory.remove() }
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let demo = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        let sam = try await EmbeddedDaemonTests.CLI.withAccount("sam", configurationPath: configuration.path)
        let srpm = try await EmbeddedDaemonTests.exampleSRPM(in: directory)

        try await EmbeddedDaemonTests.withDaemon(configuration) { frontendURL in
            let copr = try CoprClients(accountFile: demo.coprConfigPath)
            let stranger = try CoprClients(accountFile: sam.coprConfigPath)
            #expect(try await copr.cliOutput(["whoami"]) == "demo\n")
            #expect(try await copr.cliOutput(["create", "hello", "--chroot", Self.chroot])
                == "New project was successfully created: \(frontendURL)/coprs/demo/hello/\n")
            let id = try await copr.build("hello", srpm: srpm)

            // copr-cli polls every 30 s until the build has ended.
            let watched = try await copr.cli(["watch-build", String(id)], timeout: .seconds(240))
            #expect(watched.exit == .exited(0), "\(watched.standardOutput)\(watched.standardError)")
            #expect(watched.standardOutput.hasSuffix("Build \(id): succeeded\n"), "\(watched.standardOutput)")

            try await Self.expectReads(copr, id: id, frontendURL: frontendURL, offered: configuration.frontend.chroots.chroots)
            try await Self.expectDownload(copr, id: id, into: directory.appending("download"))
            try await Self.expectRefusals(copr, stranger: stranger, id: id)
            try await Self.expectPythonCopr(copr, frontendURL: frontendURL)
            try await Self.expectDNFCopr(hub: frontendURL, dnfDirectory: directory.appending("dnf"))
            try await Self.expectCancelAndDeletes(copr, srpm: srpm)
            try await Self.expectSettings(copr, stranger: stranger, frontendURL: frontendURL)
        }
    }

    /// What `status`, `list`, `get`, `list-chroots` (the `offered` chroots), `list-builds`
    /// and `get-chroot` print.
    static func expectReads(_ copr: CoprClients, id: Int, frontendURL: String, offered: [String]) async throws {
        #expect(try await copr.cliOutput(["status", String(id)]) == "succeeded\n")
        let projectInfo = "Name: hello\n  Description: \n  Repo(s):\n    \(chroot): \(frontendURL)/results/demo/hello/\(chroot)/\n\n"
        #expect(try await copr.cliOutput(["list", "demo"]) == projectInfo)
        #expect(try await copr.cliOutput(["get", "demo/hello"]) == projectInfo)
        #expect(try await copr.cliOutput(["list-chroots"]).split(separator: "\n").map(String.init).sorted() == offered)
        #expect(try await copr.cliOutput(["list-builds", "demo/hello"]) == "\(id)\thello-copr\tsucceeded\n")
        let projectChroot = try JSONValue.parse(try await copr.cliOutput(["get-chroot", "demo/hello/\(chroot)"]))
        #expect(projectChroot["mock_chroot"]?.stringValue == chroot)
        #expect(projectChroot["ownername"] == "demo")
        #expect(projectChroot["projectname"] == "hello")
    }

    /// `download-build` fetches the chroot's results with wget into `<dest>/<chroot>/`.
    static func expectDownload(_ copr: CoprClients, id: Int, into destination: String) async throws {
        let downloaded = try await copr.cli(["download-build", String(id), "--dest", destination, "--rpms"], timeout: .seconds(120))
        #expect(downloaded.exit == .exited(0), "\(downloaded.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(destination)/\(chroot)").sorted()
        #expect(files.contains("hello-copr-1.0-1.fc41.x86_64.rpm"), "\(files)")
        #expect(files.allSatisfy { $0.hasSuffix(".rpm") }, "\(files)")
    }

    /// Unknown builds and projects print copr-cli's usual error; a stranger's
    /// delete-build and delete, and a wrong token, print the refusal as copr-cli prints
    /// Copr's, and change nothing.
    static func expectRefusals(_ copr: CoprClients, stranger: CoprClients, id: Int) async throws {
        let unknown = try await copr.cli(["status", "999999"])
        #expect(unknown.exit == .exited(1))
        #expect(unknown.standardError.contains("Error: Build 999999 does not exist"), "\(unknown.standardError)")
        let noProject = try await copr.cli(["list-builds", "demo/nothing"])
        #expect(noProject.exit == .exited(1))
        #expect(noProject.standardError.contains("Error: Project demo/nothing does not exist"), "\(noProject.standardError)")
        let cancel = try await stranger.cli(["delete-build", String(id)])
        #expect(cancel.exit == .exited(7), "\(cancel.standardError)")
        #expect(cancel.standardError.contains("Error: User sam may not delete builds of project demo/hello"), "\(cancel.standardError)")
        let regenerate = try await stranger.cli(["regenerate-repos", "demo/hello"])
        #expect(regenerate.standardError.contains("Error: User sam may not"), "\(regenerate.standardError)")
        let delete = try await stranger.cli(["delete", "demo/hello"])
        #expect(delete.standardError.contains("Error: User sam may not delete project demo/hello"), "\(delete.standardError)")
        // A wrong token: copr-cli tries three times, then prints the frontend's reason.
        let wrongFile = stranger.configurationPath + "-wrong"
        let lines = try String(contentsOfFile: stranger.configurationPath, encoding: .utf8).split(separator: "\n")
        try lines.map { $0.hasPrefix("token = ") ? "token = wrong" : String($0) }.joined(separator: "\n")
            .write(toFile: wrongFile, atomically: true, encoding: .utf8)
        let wrong = try await CoprClients(accountFile: wrongFile).cli(["cancel", String(id)])
        #expect(wrong.exit == .exited(1), "\(wrong.standardError)")
        #expect(wrong.standardError.contains("Error: Wrong API token: the token does not match its login"), "\(wrong.standardError)")
        #expect(try await copr.cliOutput(["status", String(id)]) == "succeeded\n")
    }

    /// A second build is cancelled and deleted, then the project.
    static func expectCancelAndDeletes(_ copr: CoprClients, srpm: String) async throws {
        let id = try await copr.build("hello", srpm: srpm)
        let canceled = try await copr.cli(["cancel", String(id)])
        #expect(canceled.exit == .exited(0), "\(canceled.standardError)")
        try await waitUntil("build \(id) to be canceled", timeout: .seconds(90), every: .seconds(1)) {
            try await copr.cliOutput(["status", String(id)]) == "canceled\n"
        }
        let regenerated = try await copr.cli(["regenerate-repos", "demo/hello"])
        #expect(regenerated.exit == .exited(0), "\(regenerated.standardOutput)\(regenerated.standardError)")
        #expect(try await copr.cliOutput(["delete-build", String(id)]) == "Build(s) \(id) were deleted.\n")
        #expect(try await copr.cliOutput(["delete", "hello"]) == "Project hello has been deleted.\n")
        let gone = try await copr.cli(["get", "demo/hello"])
        #expect(gone.standardError.contains("Error: Project demo/hello does not exist"), "\(gone.standardError)")
    }

    /// `create --description --repo --enable-net`, `modify`, `edit-chroot --packages
    /// --repos --rpmbuild-with --isolation` and `get-chroot` store and print the settings;
    /// a hostile package and a stranger's edit are refused with the frontend's reason.
    static func expectSettings(_ copr: CoprClients, stranger: CoprClients, frontendURL: String) async throws {
        #expect(try await copr.cliOutput([
            "create", "settings", "--chroot", chroot, "--description", "Settings of Copr", "--repo", "copr://demo/hello",
            "--repo", "https://example.org/repo/$releasever/", "--enable-net", "on",
        ]) == "New project was successfully created: \(frontendURL)/coprs/demo/settings/\n")
        let info = """
            Name: settings
              Description: Settings of Copr
              Repo(s):
                \(chroot): \(frontendURL)/results/demo/settings/\(chroot)/
              Additional repo: copr://demo/hello https://example.org/repo/$releasever/


            """
        #expect(try await copr.cliOutput(["get", "demo/settings"]) == info)

        let modified = try await copr.cli([
            "modify", "settings", "--description", "Changed", "--enable-net", "off", "--delete-after-days", "5",
            "--runtime-repo-dependency", "copr://demo/hello",
        ])
        #expect(modified.exit == .exited(0), "\(modified.standardError)")
        #expect(try await copr.cliOutput(["get", "demo/settings"]).contains("  Description: Changed\n"))
        let project = try await copr.python("""
            import sys
            from copr.v3 import Client
            project = Client.create_from_config_file(sys.argv[1]).project_proxy.get("demo", "settings")
            print(project.enable_net, project.delete_after_days, project.runtime_dependencies)
            """)
        #expect(project == "False 5 copr://demo/hello\n")

        let path = "demo/settings/\(chroot)"
        #expect(try await copr.cliOutput([
            "edit-chroot", path, "--packages", "gcc make", "--repos", "copr://demo/hello", "--rpmbuild-with", "tests", "--isolation", "simple",
        ]) == "Edit chroot operation was successful.\n")
        let settings = try JSONValue.parse(try await copr.cliOutput(["get-chroot", path]))
        #expect(settings["additional_packages"] == ["gcc", "make"])
        #expect(settings["additional_repos"] == ["copr://demo/hello"])
        #expect(settings["with_opts"] == ["tests"])
        #expect(settings["isolation"] == "simple")
        let hostile = try await copr.cli(["edit-chroot", path, "--packages", "gcc;reboot"])
        #expect(hostile.exit == .exited(1), "\(hostile.standardError)")
        #expect(hostile.standardError.contains("additional_packages"), "\(hostile.standardError)")
        let foreign = try await stranger.cli(["edit-chroot", path, "--isolation", "nspawn"])
        #expect(foreign.standardError.contains("Error: User sam may not"), "\(foreign.standardError)")
        #expect(try JSONValue.parse(try await copr.cliOutput(["get-chroot", path]))["isolation"] == "simple")
        #expect(try await copr.cliOutput(["delete", "settings"]) == "Project settings has been deleted.\n")
    }

    /// python-copr's `Client` reads the project and pages the builds as a script would.
    static func expectPythonCopr(_ copr: CoprClients, frontendURL: String) async throws {
        let script = """
            import sys
            from copr.v3 import Client, CoprNoResultException
            client = Client.create_from_config_file(sys.argv[1])
            project = client.project_proxy.get("demo", "hello")
            print(project.full_name, sorted(project.chroot_repos))
            builds = client.build_proxy.get_list("demo", "hello", pagination={"limit": 1})
            print([b.state for b in builds], builds.meta.limit)
            try:
                client.project_proxy.get("demo", "nothing")
            except CoprNoResultException as error:
                print("no result:", error)
            """
        let output = try await copr.python(script)
        #expect(output == """
            demo/hello ['\(chroot)']
            ['succeeded'] 1
            no result: Project demo/nothing does not exist; create it first

            """)
    }

    /// dnf4's copr plugin lists and finds the project; `dnf copr enable --hub <frontend>
    /// demo/hello <chroot>` writes its repo file, from which dnf finds the package.
    static func expectDNFCopr(hub: String, dnfDirectory: String) async throws {
        let dnf = try PrivateDNF(directory: dnfDirectory)
        #expect(try await dnf.copr(["list", "--available-by-user", "demo"], hub: hub).contains("demo/hello"))
        #expect(try await dnf.copr(["search", "hello"], hub: hub).contains("demo/hello"))
        try await dnf.copr(["enable", "demo/hello", chroot], hub: hub)
        let host = URLComponents(string: hub)?.host ?? hub
        #expect(try dnf.repositoryFiles() == ["_copr:\(host):demo:hello.repo"])
        let offered = try await dnf.query("hello-copr")
        #expect(offered.contains("hello-copr-1.0-1.fc41.x86_64 copr:\(host):demo:hello"), "\(offered)")
    }
}
