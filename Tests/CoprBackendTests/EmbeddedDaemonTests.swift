import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// `copr-backend run` with its embedded frontend, used only through the CLI and HTTP as a
/// user would: the example package of `examples/hello` from upload to a repository that
/// a real dnf reads, on this machine as the builder (the default) and on an SSH builder.
@Suite("Integration: copr-backend run with the embedded frontend", .localBuilderTurns)
struct EmbeddedDaemonTests {
    static let chroot = "fedora-41-x86_64"

    @Test("the default: the CLI builds the example on this machine, dnf reads the repository, a restart keeps everything, delete removes the build from it")
    func localBuilder() async throws {
        let directory = try TemporaryDirectory("copr-embedded")
        defer { directory.remove() }
        let configuration = try Self.localConfiguration(in: directory)
        #expect(configuration.frontend.embedded)
        #expect(configuration.hosts.staticHosts.map(\.name) == ["local"])
        let cli = try await CLI.withAccount(configurationPath: configuration.path)
        let srpm = try await Self.exampleSRPM(in: directory)
        let chrootDirectory = directory.appending("results/demo/hello/\(Self.chroot)")

        let id = try await Self.withDaemon(configuration) { frontendURL in
            try await Self.refusesBadInput(cli)
            try await Self.editsSettings(cli)
            let id = try await Self.buildExample(cli, srpm: srpm, frontendURL: frontendURL)
            try await Self.expectInstallable(from: frontendURL, dnfDirectory: directory.appending("dnf"))
            // The builder's directories stay under the local builder's root.
            #expect(FileManager.default.fileExists(atPath: directory.appending("state/local-builders/local/var/lib/copr-rpmbuild")))
            return id
        }

        try await Self.withDaemon(configuration) { _ in
            #expect(try await cli.output(["project", "list"]) == "PROJECT     CHROOTS\ndemo/hello  \(Self.chroot)\n")
            let listed = try await cli.output(["build", "list"]).split(separator: "\n")
            #expect(listed.count == 2 && listed[0].hasPrefix("ID  PROJECT "), "\(listed)")
            #expect(listed.last?.split(separator: " ").prefix(4) == ["\(id)", "demo/hello", "hello-copr-1.0-1", "succeeded"], "\(listed)")
            let taskDirectory = chrootDirectory + String(format: "/%08d-hello-copr", id)
            #expect(FileManager.default.fileExists(atPath: taskDirectory))

            // The second build keeps the repository's package after the first goes.
            // Followed with --wait: every task's changes as they happen, until the build ends.
            let second = try await cli.output(["build", "submit", "demo/hello", "--srpm", srpm, "--wait"], timeout: .seconds(120))
            let secondID = try #require(Int(second.split(separator: " ").dropFirst().first ?? ""), "\(second)")
            // Which states a poll sees in between depends on timing; the ends do not.
            for change in ["srpm-builds: succeeded, took", "\(Self.chroot): succeeded, took", "Build \(secondID) succeeded"] {
                #expect(second.contains(change), "\(change): \(second)")
            }
            let downloads = directory.appending("downloads")
            _ = try await cli.output(["build", "download", String(secondID), "--dest", downloads])
            #expect(FileManager.default.fileExists(atPath: "\(downloads)/\(Self.chroot)/hello-copr-1.0-1.fc41.x86_64.rpm"))
            #expect(FileManager.default.fileExists(atPath: "\(downloads)/srpm-builds/hello-copr-1.0-1.src.rpm"))

            // The delete answers at once; the daemon's action dispatcher removes the results.
            #expect(try await cli.output(["build", "delete", String(id)]) == "Build \(id) deleted\n")
            try await waitUntil("the delete action to be done", timeout: .seconds(60)) {
                try await cli.run(["build", "show", String(id)]).standardError == "copr-backend: 404 Not Found: Build \(id) was deleted\n"
            }
            #expect(!FileManager.default.fileExists(atPath: taskDirectory))
            let packages = try await RepositoryMetadata.packageLocations(in: chrootDirectory)
            #expect(packages.allSatisfy { $0.hasPrefix(String(format: "%08d-hello-copr/", secondID)) }, "\(packages)")
            #expect(packages.count == 2, "\(packages)")
            #expect(try await cli.run(["build", "show", "999999"]).standardError == "copr-backend: 404 Not Found: Build 999999 does not exist\n")
        }
    }

    @Test("with an SSH builder: the same build runs on a test host through the real agent")
    func sshBuilder() async throws {
        let ports = try LoopbackPorts.allocate(2)
        let frontendURL = "http://127.0.0.1:\(ports[1])"
        let config = [
            "backend": [
                "frontend_base_url": frontendURL, "results_baseurl": frontendURL + "/results",
                "http_listen": "127.0.0.1:\(ports[0])", "sleeptime": "300",
            ],
            "frontend": ["embedded": "true", "listen": "127.0.0.1:\(ports[1])"],
        ]
        try await WorkerTestBed.run(hosts: 1, config: config) { bed in
            let host = bed.farm.hosts[0]
            let products = Bundle.main.bundleURL.path
            _ = try await TestCommand.output(
                "\(products)/copr-backend",
                ["builder-install", host.address, "--port", String(host.port), "--user", "root",
                 "--agent", "\(products)/copr-rpmbuild", "--prefix", "/usr/local/bin", "-c", bed.configuration.path])
            let cli = try await CLI.withAccount(configurationPath: bed.configuration.path)
            let srpm = try await Self.exampleSRPM(in: bed.directory)
            try await Self.withDaemon(bed.configuration) { frontendURL in
                #expect(frontendURL == "http://127.0.0.1:\(ports[1])")
                let id = try await Self.buildExample(cli, srpm: srpm, frontendURL: frontendURL)
                let liveLog = try await bed.log("builder-live.log", in: String(format: "%@/demo/hello/%@/%08d-hello-copr", bed.destdir, Self.chroot, id))
                #expect(liveLog.contains("Wrote: "), "\(liveLog)")
                // One host for the source build, one for the RPM build, both given back.
                #expect(bed.resalloc.takenTickets.count == 2)
                #expect(bed.resalloc.openTickets.isEmpty)
                try await Self.expectInstallable(from: frontendURL, dnfDirectory: bed.directory.appending("dnf"))
            }
        }
    }

    @Test("a cancel from the CLI reaches a build on this machine at once: its processes stop and the builder takes the next build")
    func cancelOnThisMachine() async throws {
        let directory = try TemporaryDirectory("copr-embedded-cancel")
        defer { directory.remove() }
        let configuration = try Self.localConfiguration(in: directory)
        let cli = try await CLI.withAccount(configurationPath: configuration.path)
        let spec = directory.appending("slow.spec")
        // Its own duration: another checkout running this test on the machine sleeps another.
        let seconds = "313.\(Int.random(in: 1000...9999))"
        try Self.slowSpec(seconds: seconds).write(toFile: spec, atomically: true, encoding: .utf8)
        let srpm = try await Self.exampleSRPM(in: directory)

        try await Self.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/hello", "--chroot", Self.chroot])
            let submitted = try await cli.output(["build", "submit", "demo/hello", "--spec", spec, "--quiet"])
            let id = try #require(Int(submitted.trimmingCharacters(in: .whitespacesAndNewlines)))
            // Canceled once its user sees the %build in the live log: what was shown must
            // stay in the published log.
            try await waitUntil("the RPM build's log to show its %build", timeout: .seconds(90), every: .milliseconds(200)) {
                let shown = try await cli.run(["logs", String(id), Self.chroot])
                guard shown.standardOutput.contains("sleep \(seconds)") else { return false }
                return try await Self.slowBuildIsRunning(seconds)
            }
            #expect(try await cli.output(["build", "cancel", String(id)]) == "Build \(id): canceled\n")
            // The dispatcher sleeps 300 s between polls: the frontend's wake-up brings the cancel.
            try await waitUntil("the canceled build's processes to stop", timeout: .seconds(60), every: .milliseconds(200)) {
                try await !Self.slowBuildIsRunning(seconds)
            }
            let log = try await cli.run(["logs", "-f", String(id), Self.chroot])
            #expect(log.exit == .exited(1))
            #expect(log.standardError.hasSuffix("--- build \(id) \(Self.chroot): canceled\n"), "\(log.standardError)")
            #expect(log.standardOutput.contains("sleep \(seconds)"), "\(log.standardOutput)")
            // What the build printed as it was stopped is published too.
            #expect(log.standardOutput.contains("the build saw the cancel"), "\(log.standardOutput)")

            // The one slot of this machine is free again.
            let next = try await cli.output(["build", "submit", "demo/hello", "--srpm", srpm, "--quiet"])
            let nextID = try #require(Int(next.trimmingCharacters(in: .whitespacesAndNewlines)))
            _ = try await cli.output(["logs", "-f", String(nextID), Self.chroot], timeout: .seconds(90))

            try await Self.explainsSourceFailure(cli, spec: directory.appending("broken.spec"))
            try await Self.statusTakesTheDaemonsURL(configuration)
        }
    }

    /// A package whose build sleeps until it is canceled, and says so when it is; the spec
    /// is uploaded, so its source build runs from the frontend's `/uploads/`. With a
    /// `pause`, its build log shows that many seconds of a shorter sleep first, so that a
    /// reader can open the log before the long sleep's line arrives.
    static func slowSpec(seconds: String, pause: Int? = nil) -> String {
        """
        Name: slow
        Version: 1.0
        Release: 1
        Summary: Builds until canceled
        License: MIT
        BuildArch: noarch

        %description
        A build that sleeps.

        %build
        # Its trace shows the trap as written; only the trap's run prints the words.
        trap 'echo "the build saw the ${cancel:-cancel}"; exit 1' INT
        \(pause.map { "sleep \($0)" } ?? "")
        sleep \(seconds)

        %files

        """
    }

    static func slowBuildIsRunning(_ seconds: String) async throws -> Bool {
        try await ProcessRunner().capture("pgrep", ["-f", "^sleep \(seconds)$"], timeout: .seconds(30)).exit.isSuccess
    }

    // MARK: The user's steps

    /// A source build that fails: `--wait` shows it fail with the end of its log, and the
    /// chroot's `logs -f` says it never ran because of it, with the same end.
    static func explainsSourceFailure(_ cli: CLI, spec: String) async throws {
        try "Name: broken\nVersion: 1.0\nRelease: 1\nSummary: No license\n%description\nBroken.\n"
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let waited = try await cli.run(["build", "submit", "demo/hello", "--spec", spec, "--wait"], timeout: .seconds(120))
        #expect(waited.exit == .exited(1), "\(waited.standardError)")
        let output = waited.standardOutput
        let id = try #require(Int(output.split(separator: " ").dropFirst().first ?? ""), "\(output)")
        #expect(output.contains("srpm-builds: failed"), "\(output)")
        #expect(output.contains("\(chroot): failed before it started"), "\(output)")
        #expect(output.contains("--- the last lines of the log of srpm-builds"), "\(output)")
        let log = try await cli.run(["logs", "-f", String(id), chroot])
        #expect(log.exit == .exited(1))
        #expect(log.standardError.contains("\(chroot) never ran: the source build of build \(id) failed"), "\(log.standardError)")
    }

    /// `status --url` reads the daemon without a configuration; the frontend's URL is named
    /// as the wrong one, and so is the daemon's for the user commands.
    static func statusTakesTheDaemonsURL(_ configuration: BackendConfiguration) async throws {
        let daemonAsFrontend = try await ProcessRunner().capture(
            RunningDaemon.executable, ["project", "list", "--url", "http://\(configuration.backend.httpListen)"], timeout: .seconds(30))
        #expect(daemonAsFrontend.exit == .exited(1))
        #expect(daemonAsFrontend.standardError.contains("is this the daemon's address"), "\(daemonAsFrontend.standardError)")
        let status = try await ProcessRunner().capture(
            RunningDaemon.executable, ["status", "--url", "http://\(configuration.backend.httpListen)"], timeout: .seconds(30))
        #expect(status.exit == .exited(0), "\(status.standardError)")
        #expect(status.standardOutput.hasPrefix("Running builds: "), "\(status.standardOutput)")
        // This machine's builder with its one slot; the failed source build among the
        // recent failures, the canceled build not.
        #expect(status.standardOutput.contains("Builders: 1\n  local  this machine  "), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("Recent failures: 1\n  "), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("build on localhost: "), "\(status.standardOutput)")
        // The web's status page reads the same daemon in process: its builder's slots.
        let page = try await ProcessRunner().capture(
            "curl", ["-sf", "-m", "20", "\(configuration.frontend.publicURL)/status/"], timeout: .seconds(30))
        #expect(page.exit == .exited(0), "\(page.standardError)")
        let builder = page.standardOutput.components(separatedBy: "<tr>").first { $0.hasPrefix(#"<th scope="row">local</th><td>this machine</td>"#) }
        #expect(builder?.contains("/1 busy</td>") == true, "\(page.standardOutput)")
        #expect(page.standardOutput.contains(#"<td>build</td><td>localhost</td>"#), "\(page.standardOutput)")
        let wrong = try await ProcessRunner().capture(
            RunningDaemon.executable, ["status", "--url", configuration.frontend.publicURL], timeout: .seconds(30))
        #expect(wrong.exit == .exited(1))
        #expect(wrong.standardError.contains("this is not the daemon's address"), "\(wrong.standardError)")
    }

    /// Users' mistakes end the CLI with exit 1 and the frontend's reason, and create nothing.
    static func refusesBadInput(_ cli: CLI) async throws {
        let cases: [([String], String)] = [
            (["project", "create", "demo/bad", "--chroot", "nope-1"], "400 Bad Request: Invalid chroots"),
            (["project", "create", "demo/b@d", "--chroot", chroot], "400 Bad Request: Invalid project"),
            (["project", "create", "demo/typo", "--chroot", "fedora-14-x86_64"],
             "400 Bad Request: Invalid chroots: 'fedora-14-x86_64' is not offered here; did you mean fedora-41-x86_64"),
            (["build", "submit", "demo/none", "--srpm-url", "https://example.org/a.src.rpm"], "404 Not Found: Project demo/none does not exist"),
        ]
        for (arguments, message) in cases {
            let refused = try await cli.run(arguments)
            #expect(refused.exit == .exited(1), "\(arguments)")
            #expect(refused.standardError.hasPrefix("copr-backend: \(message)"), "\(arguments): \(refused.standardError)")
        }
        #expect(try await cli.output(["project", "list"]).hasPrefix("No projects yet"))
        #expect(try await cli.output(["chroots"]).contains("Offered chroots:\n  centos-stream-10-"))
    }

    /// Creates demo/hello, uploads the example SRPM, follows both logs to their end, and
    /// checks what `build show` and the served results tell; returns the build id.
    static func buildExample(_ cli: CLI, srpm: String, frontendURL: String) async throws -> Int {
        let created = try await cli.output(["project", "create", "demo/hello", "--chroot", chroot])
        #expect(created.contains("fedora-41: \(frontendURL)/coprs/demo/hello/repo/fedora-41/demo-hello-fedora-41.repo"), "\(created)")
        let submitURL = try await cli.run(["build", "submit", "demo/hello", "--srpm-url", "file:///etc/passwd"])
        #expect(submitURL.standardError.contains("the URL scheme 'file' is not allowed"), "\(submitURL.standardError)")

        let submitted = try await cli.output(["build", "submit", "demo/hello", "--srpm", srpm, "--quiet"])
        let id = try #require(Int(submitted.trimmingCharacters(in: .whitespacesAndNewlines)), "\(submitted)")
        // The dispatcher sleeps 300 s between polls: only the frontend's wake-up starts these builds in time.
        let sourceLog = try await cli.run(["logs", "-f", String(id), "srpm-builds"], timeout: .seconds(90))
        #expect(sourceLog.exit == .exited(0), "\(sourceLog.standardError)")
        #expect(sourceLog.standardError.hasSuffix("--- build \(id) srpm-builds: succeeded\n"))
        let rpmLog = try await cli.run(["logs", "-f", String(id), chroot], timeout: .seconds(90))
        #expect(rpmLog.exit == .exited(0), "\(rpmLog.standardError)")
        #expect(rpmLog.standardOutput.contains("Wrote: ") && rpmLog.standardOutput.contains("hello-copr-1.0-1"), "\(rpmLog.standardOutput)")
        // The project's own repository existed from its creation but provides no gcc: the
        // log names it as left to this host.
        #expect(rpmLog.standardOutput.contains("BuildRequires not provided by the task's repositories"), "\(rpmLog.standardOutput)")
        #expect(rpmLog.standardOutput.contains("relying on this host for them): gcc\n"), "\(rpmLog.standardOutput)")
        // Read again after the end: the log is whole, now from its compressed file.
        #expect(try await cli.output(["logs", String(id), chroot]) == rpmLog.standardOutput)

        let build = try JSONValue.parse(try await cli.output(["build", "show", String(id), "--json"]))
        #expect(build["state"] == "succeeded")
        #expect(build["package_name"] == "hello-copr")
        #expect(build["source_build"]?["state"] == "succeeded")
        let task = try #require(build["chroots"]?[0])
        #expect(task["name"]?.stringValue == chroot)
        #expect(task["state"] == "succeeded")
        #expect(task["started_on"]?.doubleValue != nil && task["ended_on"]?.doubleValue != nil)
        let resultURL = try #require(task["result_url"]?.stringValue)
        #expect(resultURL == String(format: "%@/results/demo/hello/%@/%08d-hello-copr/", frontendURL, chroot, id))
        let servedLog = try await TestHTTP.send("GET", resultURL + "builder-live.log")
        #expect(servedLog.status == 200)
        #expect(servedLog.text == rpmLog.standardOutput)
        return id
    }

    /// A real dnf adds the project's repo file from the frontend and finds the package.
    static func expectInstallable(from frontendURL: String, dnfDirectory: String) async throws {
        let dnf = try PrivateDNF(directory: dnfDirectory)
        try await dnf.addRepository("\(frontendURL)/coprs/demo/hello/repo/fedora-41/demo-hello-fedora-41.repo")
        let offered = try await dnf.query("hello-copr")
        #expect(offered.contains("hello-copr-1.0-1.fc41.x86_64 copr:127.0.0.1:demo:hello"), "\(offered)")
        try await dnf.download("hello-copr.x86_64", to: dnfDirectory + "/downloads")
        #expect(FileManager.default.fileExists(atPath: dnfDirectory + "/downloads/hello-copr-1.0-1.fc41.x86_64.rpm"))
    }

    // MARK: Setup

    /// The CLI of the built product, pointed at a configuration, as a user whose account
    /// the operator made first (`copr-backend user add`, its output saved as the user's
    /// copr-cli configuration file).
    struct CLI {
        let configurationPath: String
        /// The copr-cli configuration file `user add` printed.
        let coprConfigPath: String

        /// Adds user `login`, a member of `groups`, to the store of the configuration and
        /// keeps its file.
        static func withAccount(_ login: String = "demo", groups: [String] = [], configurationPath: String) async throws -> CLI {
            let file = try await TestCommand.output(
                RunningDaemon.executable, ["user", "add", login, "-c", configurationPath] + groups.flatMap { ["--group", $0] })
            let path = (configurationPath as NSString).deletingLastPathComponent + "/copr-\(login)"
            try file.write(toFile: path, atomically: true, encoding: .utf8)
            return CLI(configurationPath: configurationPath, coprConfigPath: path)
        }

        func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProcessOutput {
            try await ProcessRunner().capture(RunningDaemon.executable, arguments + options, timeout: timeout, outputLimit: 4 << 20)
        }

        /// The standard output of a command that must succeed.
        func output(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
            try await TestCommand.output(RunningDaemon.executable, arguments + options, timeout: timeout)
        }

        /// `-c` for the configuration, the account's file for the token and the frontend's URL.
        private var options: [String] { ["-c", configurationPath, "--copr-config", coprConfigPath] }
    }

    /// Runs `body` with the daemon of `configuration` serving (its embedded frontend's URL
    /// is the argument), then stops it with SIGTERM and expects a clean exit.
    static func withDaemon<T: Sendable>(_ configuration: BackendConfiguration, _ body: (String) async throws -> T) async throws -> T {
        try await LocalBuilderTurns.take(for: configuration) { try await serving(configuration, body) }
    }

    private static func serving<T>(_ configuration: BackendConfiguration, _ body: (String) async throws -> T) async throws -> T {
        let daemon = try await RunningDaemon.start(configuration)
        let frontendURL = configuration.frontend.publicURL
        let result: T
        do {
            try await waitUntil("the embedded frontend to answer", timeout: .seconds(30)) {
                (try? await TestHTTP.send("GET", "\(frontendURL)/api/projects"))?.status == 200
            }
            result = try await body(frontendURL)
        } catch {
            _ = try? await daemon.stop()
            throw error
        }
        let output = try await daemon.stop()
        #expect(output.exit == .exited(0), "\(output.standardError)")
        return result
    }

    /// The embedded default as an operator writes it, in `directory`: no frontend and no
    /// builders named. The dispatcher polls only every 300 s, so that builds and cancels
    /// reach it in time only through the frontend's wake-up. The frontend listens on
    /// loopback, or on `frontendHost` (its public URL then names that address).
    static func localConfiguration(in directory: TemporaryDirectory, frontendHost: String? = nil) throws -> BackendConfiguration {
        let ports = try LoopbackPorts.allocate(2)
        let frontend = frontendHost.map { "listen = \($0):\(ports[1])\npublic_url = http://\($0):\(ports[1])" }
            ?? "listen = 127.0.0.1:\(ports[1])"
        let text = """
            [backend]
            destdir = \(directory.appending("results"))
            log_dir = \(directory.appending("log"))
            state_dir = \(directory.appending("state"))
            msgbus_config_dir = \(directory.appending("msgbuses"))
            http_listen = 127.0.0.1:\(ports[0])
            frontend_auth = embedded-secret
            sleeptime = 300

            [frontend]
            \(frontend)
            """
        try FileManager.default.createDirectory(atPath: directory.appending("results"), withIntermediateDirectories: true)
        let path = directory.appending("copr-be.conf")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try BackendConfiguration.load(path: path)
    }

    /// The source RPM of `examples/hello`, packed as the demo packs it.
    static func exampleSRPM(in directory: TemporaryDirectory) async throws -> String {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/hello").path
        let output = directory.appending("srpm")
        try await TestCommand.output("rpmbuild", [
            "-bs", "--define", "_topdir \(output)", "--define", "_sourcedir \(sources)", "--define", "_srcrpmdir \(output)",
            sources + "/hello.spec",
        ])
        return output + "/hello-copr-1.0-1.src.rpm"
    }
}
