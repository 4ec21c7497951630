import CoprCore
import CoprTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import CoprBackend

/// The action dispatcher against a frontend stand-in serving upstream-shaped action
/// records over HTTP, on a real results tree with real RPMs and createrepo_c.
@Suite("Integration: actions", .serialized)
struct ActionDispatcherIntegrationTests {
    let chroot = "fedora-41-x86_64"

    /// A results tree: alice/hello with builds 12 (hello) and 13 (world) in `chroot`,
    /// their repository, build 12's SRPM directory and chroot log; alice/doomed.
    private func makeTree(_ tmp: TemporaryDirectory, createrepo: CreaterepoService) async throws -> String {
        let destdir = tmp.appending("results")
        let chrootDir = "\(destdir)/alice/hello/\(chroot)"
        let hello = try await TestRPMs.build(name: "hello", into: "\(chrootDir)/00000012-hello")
        _ = try await TestRPMs.build(name: "world", into: "\(chrootDir)/00000013-world")
        for build in ["00000012-hello", "00000013-world"] {
            try await createrepo.add(.init(chrootDirectory: chrootDir, addedDirectory: build, devel: false, baseURL: "http://x"))
        }
        try FileManager.default.createDirectory(atPath: "\(destdir)/alice/hello/srpm-builds/00000012", withIntermediateDirectories: true)
        for srpm in hello where srpm.hasSuffix(".src.rpm") {
            try FileManager.default.copyItem(atPath: srpm, toPath: "\(destdir)/alice/hello/srpm-builds/00000012/hello-1.0-1.src.rpm")
        }
        FileManager.default.createFile(atPath: "\(chrootDir)/build-00000012.log", contents: Data("log".utf8))
        try FileManager.default.createDirectory(atPath: "\(destdir)/alice/doomed/\(chroot)", withIntermediateDirectories: true)
        return destdir
    }

    private func dispatcher(
        _ frontend: ActionFrontendStub, destdir: String, createrepo: CreaterepoService, journal: Journal?, logs: LogRecorder,
        metrics: BackendMetrics = BackendMetrics(), signer: (any Signer)? = nil
    ) -> ActionDispatcher {
        var options = SchedulingOptions()
        options.sleeptime = .milliseconds(200)
        let logger = logs.logger(label: "actions")
        return ActionDispatcher(
            frontend: FrontendClient(
                baseURL: frontend.baseURL, password: "frontend-auth",
                policy: FrontendRetryPolicy(maxAttempts: 2, step: .milliseconds(50), requestTimeout: .seconds(10)), logger: logger),
            executor: ActionExecutor(
                layout: ResultsLayout(destdir: destdir, baseURL: "http://be/results"), createrepo: createrepo, signer: signer,
                signDomain: "example.org", frontend: (frontend.baseURL, FrontendRetryPolicy(maxAttempts: 3, step: .milliseconds(100), requestTimeout: .seconds(10)))),
            options: options, metrics: metrics, journal: journal, logger: logger)
    }

    /// Runs `dispatcher` until `frontend` has a result for each of `ids`.
    private func run(_ dispatcher: ActionDispatcher, until frontend: ActionFrontendStub, has ids: [Int]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await dispatcher.run() }
            try await waitUntil("results for actions \(ids)", timeout: .seconds(120)) {
                Set(frontend.results.map(\.id)).isSuperset(of: ids)
            }
            // One more cycle: a result reported twice would show now.
            try await Task.sleep(for: .milliseconds(500))
            await dispatcher.stop()
            try await group.waitForAll()
        }
    }

    private func logIndex(_ logs: LogRecorder, _ text: String) -> Int? {
        logs.records.firstIndex { $0.message.hasPrefix(text) }
    }

    @Test("deletes, createrepo and hostile records: each answered once, in order per project, only hostile ones failing")
    func actions() async throws {
        try await withTemporaryDirectory { tmp in
            let createrepo = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: Logger(label: "t"))
            let destdir = try await makeTree(tmp, createrepo: createrepo)
            let outside = tmp.appending("outside")
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            let frontend = try await ActionFrontendStub.start()
            defer { Task { await frontend.shutdown() } }
            let deleteBuild = ActionFixtures.deleteBuild(
                1, buildID: 12, owner: "alice", project: "hello", chroots: ["srpm-builds": ["00000012"], chroot: ["00000012-hello"]])
            // Same project, asked for after the delete but with a better priority.
            var createrepoAction = ActionFixtures.createrepo(2, owner: "alice", project: "hello", chroots: [chroot, "epel-9-x86_64"])
            createrepoAction = .object((createrepoAction.objectValue ?? [:]).merging(["priority": -70]) { $1 })
            frontend.add(deleteBuild, owner: "alice")
            frontend.add(createrepoAction, owner: "alice")
            frontend.add(ActionFixtures.deleteProject(3, owner: "..", dirnames: ["outside"]), owner: "..")
            frontend.add(ActionFixtures.record(4, type: 0, objectType: "copr", data: "{\"ownername\": "), owner: "alice")
            frontend.add(ActionFixtures.record(5, type: 42, objectType: "copr", data: "{}"), owner: "alice")
            frontend.add(ActionFixtures.deleteChroot(6, owner: "alice", project: "hello", chroot: "fedora-40-x86_64"), owner: "alice")
            frontend.add(ActionFixtures.record(7, type: 2, objectType: "copr", data: nil), owner: "alice")
            frontend.add(ActionFixtures.deleteProject(8, owner: "alice", dirnames: ["doomed"]), owner: "alice")
            frontend.add(ActionFixtures.record(9, type: 9, objectType: "module", objectID: 1, data: "{}"), owner: "alice")
            frontend.add(ActionFixtures.deleteChroot(10, owner: "alice", project: "hello", chroot: "/etc"), owner: "alice")
            frontend.add(ActionFixtures.createrepo(11, owner: "alice", project: "hello", chroots: [chroot], devel: true), owner: "alice")
            frontend.failNextUpdates(1)

            let logs = LogRecorder()
            let journal = try Journal(path: tmp.appending("journal.sqlite"))
            let ids = Array(1...11)
            let metrics = BackendMetrics()
            let dispatcher = dispatcher(frontend, destdir: destdir, createrepo: createrepo, journal: journal, logs: logs, metrics: metrics)
            try await run(dispatcher, until: frontend, has: ids)

            for id in ids {
                let expected = [3, 4, 5, 9, 10].contains(id) ? 2 : 1
                #expect(frontend.results(for: id) == [expected], "action \(id)")
            }
            let chrootDir = "\(destdir)/alice/hello/\(chroot)"
            #expect(!FileManager.default.fileExists(atPath: "\(chrootDir)/00000012-hello"))
            #expect(!FileManager.default.fileExists(atPath: "\(chrootDir)/build-00000012.log"))
            #expect(!FileManager.default.fileExists(atPath: "\(destdir)/alice/hello/srpm-builds/00000012"))
            #expect(FileManager.default.fileExists(atPath: "\(chrootDir)/00000013-world"))
            #expect(try await RepositoryMetadata.packageNames(in: chrootDir) == ["world"])
            #expect(FileManager.default.fileExists(atPath: "\(destdir)/alice/hello/epel-9-x86_64/repodata/repomd.xml"))
            #expect(!FileManager.default.fileExists(atPath: "\(destdir)/alice/doomed"))
            #expect(FileManager.default.fileExists(atPath: outside))
            // The devel repository has its own metadata, written after the delete.
            #expect(try await RepositoryMetadata.packageNames(in: "\(chrootDir)/devel") == ["world"])
            // The createrepo of the same project waited for the delete, asked for first.
            let deleteEnded = try #require(logIndex(logs, "Action 1 ended"))
            let createrepoStarted = try #require(logIndex(logs, "Executing action 2"))
            #expect(deleteEnded < createrepoStarted)
            #expect(logs.records.contains { $0.message.contains("modularity is retired") })
            #expect(try await journal.actionsInFlight().isEmpty)
            let text = metrics.render()
            #expect(text.contains(#"copr_backend_actions_finished_total{result="failure"} 5"#))
            #expect(text.contains(#"copr_backend_actions_finished_total{result="success"} 6"#))
            #expect(text.contains("copr_backend_actions_running 0"))
            #expect(await dispatcher.status == ActionDispatcher.Status(waiting: 0, running: [], unreported: 0))
        }
    }

    @Test("a restart runs again what was interrupted and reports what was not reported, each once")
    func restart() async throws {
        try await withTemporaryDirectory { tmp in
            let createrepo = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: Logger(label: "t"))
            let destdir = try await makeTree(tmp, createrepo: createrepo)
            let frontend = try await ActionFrontendStub.start()
            defer { Task { await frontend.shutdown() } }
            let interrupted = ActionFixtures.deleteProject(21, owner: "alice", dirnames: ["doomed"])
            let unreported = ActionFixtures.createrepo(22, owner: "alice", project: "never-run", chroots: [chroot])
            frontend.add(interrupted, owner: "alice")
            frontend.add(unreported, owner: "alice")
            let journal = try Journal(path: tmp.appending("journal.sqlite"))
            try await journal.actionBegins(try ActionRecord(answer: interrupted))
            try await journal.actionBegins(try ActionRecord(answer: unreported))
            try await journal.actionEnded(22, result: .success)

            let logs = LogRecorder()
            try await run(dispatcher(frontend, destdir: destdir, createrepo: createrepo, journal: journal, logs: logs), until: frontend, has: [21, 22])

            #expect(frontend.results(for: 21) == [1])
            #expect(frontend.results(for: 22) == [1])
            #expect(!FileManager.default.fileExists(atPath: "\(destdir)/alice/doomed"))
            // Reported from the journal, not run again.
            #expect(!FileManager.default.fileExists(atPath: "\(destdir)/alice/never-run"))
            #expect(try await journal.actionsInFlight().isEmpty)
        }
    }

    @Test("gen_gpg_key makes the project's key with the local gpg signer and writes its pubkey.gpg, and is a no-op success without signing")
    func generateKey() async throws {
        try await withTemporaryDirectory { tmp in
            let createrepo = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: Logger(label: "t"))
            let destdir = tmp.appending("results")
            try FileManager.default.createDirectory(atPath: destdir, withIntermediateDirectories: true)
            let data = #"{"ownername": "@team", "projectname": "hello", "appstream": false}"#
            for signed in [false, true] {
                let frontend = try await ActionFrontendStub.start()
                defer { Task { await frontend.shutdown() } }
                frontend.add(ActionFixtures.record(31, type: 5, objectType: "copr", data: data, priority: -70), owner: "@team")
                let gpgHome = tmp.appending("gnupg")
                let signer = signed ? RpmSigner(gpgHome: gpgHome, gentlySHA256: true, logger: Logger(label: "t")) : nil
                let dispatcher = dispatcher(
                    frontend, destdir: destdir, createrepo: createrepo, journal: nil, logs: LogRecorder(), signer: signer)
                try await run(dispatcher, until: frontend, has: [31])
                #expect(frontend.results(for: 31) == [1])
                let listed = try await ProcessRunner().capture(
                    "gpg", ["--homedir", gpgHome, "--list-keys", "@team#hello@copr.example.org"], timeout: .seconds(60))
                #expect(listed.exit.isSuccess == signed, "\(listed.standardError)")
                #expect(FileManager.default.fileExists(atPath: "\(destdir)/@team/hello/pubkey.gpg") == signed)
            }
        }
    }

    @Test("a fork interrupted by a restart is finished once: the builds copied under their new names, re-signed with the fork's key, its repository written")
    func forkAfterRestart() async throws {
        try await withTemporaryDirectory { tmp in
            let createrepo = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: Logger(label: "t"))
            let destdir = try await makeTree(tmp, createrepo: createrepo)
            let fork = ActionFixtures.fork(41, from: "alice/hello", to: "bob/hello-fork", builds: [
                chroot: ["00000012-hello": "00000020-hello", "00000099-gone": "00000021-gone"], "srpm-builds": ["00000012": "00000020"],
            ])
            let frontend = try await ActionFrontendStub.start()
            defer { Task { await frontend.shutdown() } }
            frontend.add(fork, owner: "bob")
            // What the interrupted run left: the action begun, a half-copied build.
            let journal = try Journal(path: tmp.appending("journal.sqlite"))
            try await journal.actionBegins(try ActionRecord(answer: fork))
            let copied = "\(destdir)/bob/hello-fork/\(chroot)/00000020-hello"
            try FileManager.default.createDirectory(atPath: copied, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: "\(copied)/half-copied.rpm", contents: Data("x".utf8))

            let signer = RpmSigner(gpgHome: tmp.appending("gnupg"), gentlySHA256: true, logger: Logger(label: "t"))
            let logs = LogRecorder()
            let dispatcher = dispatcher(
                frontend, destdir: destdir, createrepo: createrepo, journal: journal, logs: logs, signer: signer)
            try await run(dispatcher, until: frontend, has: [41])

            #expect(frontend.results(for: 41) == [1], "\(logs.records.map(\.message))")
            let rpms = try FileManager.default.contentsOfDirectory(atPath: copied).filter { $0.hasSuffix(".rpm") }
            #expect(rpms.count == 2 && !rpms.contains("half-copied.rpm"), "\(rpms)")
            #expect(FileManager.default.fileExists(atPath: "\(destdir)/bob/hello-fork/srpm-builds/00000020/hello-1.0-1.src.rpm"))
            #expect(try await RepositoryMetadata.packageNames(in: "\(destdir)/bob/hello-fork/\(chroot)") == ["hello"])
            #expect(FileManager.default.fileExists(atPath: "\(destdir)/alice/hello/\(chroot)/00000012-hello"))
            let runner = ProcessRunner()
            let db = tmp.appending("rpmdb")
            _ = try await runner.capture(
                "rpmkeys", ["--dbpath", db, "--import", "\(destdir)/bob/hello-fork/pubkey.gpg"], timeout: .seconds(30))
            for rpm in rpms {
                let check = try await runner.capture("rpmkeys", ["--dbpath", db, "-K", "\(copied)/\(rpm)"], timeout: .seconds(30))
                #expect(check.standardOutput.contains("signatures OK"), "\(check.standardOutput)")
            }
            #expect(try await journal.actionsInFlight().isEmpty)
        }
    }

    @Test("rawhide_to_release links the builds into the new chroot and writes its repository; update_comps saves (retrying a 503) and removes comps.xml")
    func chroots() async throws {
        try await withTemporaryDirectory { tmp in
            let createrepo = CreaterepoService(command: "createrepo_c", lockDirectory: tmp.appending("locks"), logger: Logger(label: "t"))
            let destdir = try await makeTree(tmp, createrepo: createrepo)
            let frontend = try await ActionFrontendStub.start()
            defer { Task { await frontend.shutdown() } }
            frontend.add(ActionFixtures.record(51, type: 6, objectType: "None", data: ActionFixtures.json([
                "projectname": "hello", "ownername": "alice", "copr_dir": "hello", "rawhide_chroot": .string(chroot),
                "appstream": false, "dest_chroot": "fedora-42-x86_64", "storage": 0, "builds": ["00000012-hello", "00000077-gone"],
            ])), owner: "alice")
            let comps = "<comps><group><id>tools</id></group></comps>"
            let compsURL = "/coprs/alice/p/chroot/fedora-41-x86_64/comps/"
            frontend.serve(compsURL, body: Data(comps.utf8))
            // A frontend that answers 503 twice: the download is retried, as every call to it.
            frontend.failNextPages(2)
            frontend.add(ActionFixtures.comps(52, present: true), owner: "alice")
            let logs = LogRecorder()
            let dispatcher = dispatcher(frontend, destdir: destdir, createrepo: createrepo, journal: nil, logs: logs)
            try await run(dispatcher, until: frontend, has: [51, 52])
            #expect(frontend.results(for: 51) == [1], "\(logs.records.map(\.message))")
            #expect(frontend.results(for: 52) == [1], "\(logs.records.map(\.message))")

            let branched = "\(destdir)/alice/hello/fedora-42-x86_64"
            #expect(try await RepositoryMetadata.packageNames(in: branched) == ["hello"])
            let info = try String(contentsOfFile: "\(branched)/00000012-hello/build.info", encoding: .utf8)
            #expect(info.hasSuffix("from_chroot=\(chroot)"))
            let rpm = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(branched)/00000012-hello").first { $0.hasSuffix(".noarch.rpm") })
            let linked = try FileManager.default.attributesOfItem(atPath: "\(branched)/00000012-hello/\(rpm)")[.referenceCount] as? Int
            #expect(linked == 2)
            let compsPath = "\(destdir)/alice/p/fedora-41-x86_64/comps.xml"
            #expect(try String(contentsOfFile: compsPath, encoding: .utf8) == comps)
            #expect(frontend.requests.filter { $0.path == compsURL }.count == 3)

            let removal = try await ActionFrontendStub.start()
            defer { Task { await removal.shutdown() } }
            removal.add(ActionFixtures.comps(53, present: false), owner: "alice")
            try await run(
                self.dispatcher(removal, destdir: destdir, createrepo: createrepo, journal: nil, logs: logs), until: removal, has: [53])
            #expect(removal.results(for: 53) == [1])
            #expect(!FileManager.default.fileExists(atPath: compsPath))
        }
    }
}

/// `copr-backend run` against a Copr frontend stand-in that hands out actions.
@Suite("Integration: actions in copr-backend run", .timeLimit(.minutes(2)))
struct ActionDaemonTests {
    @Test("the daemon carries out a frontend's actions beside its build dispatcher, logs them to actions.log and shows them in its status and metrics")
    func daemonCarriesOutActions() async throws {
        try await withTemporaryDirectory { tmp in
            let frontend = try await ActionFrontendStub.start()
            defer { Task { await frontend.shutdown() } }
            let destdir = tmp.appending("results")
            try FileManager.default.createDirectory(atPath: "\(destdir)/alice/doomed/fedora-41-x86_64", withIntermediateDirectories: true)
            frontend.add(ActionFixtures.deleteProject(61, owner: "alice", dirnames: ["doomed"]), owner: "alice")
            frontend.add(ActionFixtures.createrepo(62, owner: "alice", project: "fresh", chroots: ["fedora-41-x86_64"]), owner: "alice")
            frontend.add(ActionFixtures.record(63, type: 0, objectType: "copr", data: "{broken"), owner: "alice")
            let port = try LoopbackPorts.allocate(1)[0]
            let path = tmp.appending("copr-be.conf")
            let text = """
                [backend]
                destdir = \(destdir)
                state_dir = \(tmp.appending("state"))
                log_dir = \(tmp.appending("log"))
                frontend_base_url = \(frontend.baseURL)
                frontend_auth = frontend-auth
                sleeptime = 1
                http_listen = 127.0.0.1:\(port)
                """
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let daemon = try await RunningDaemon.start(try BackendConfiguration.parse(text, path: path))
            do {
                try await waitUntil("the three results", timeout: .seconds(60)) { frontend.results.count >= 3 }
                #expect(frontend.results(for: 61) == [1])
                #expect(frontend.results(for: 62) == [1])
                #expect(frontend.results(for: 63) == [2])
                #expect(!FileManager.default.fileExists(atPath: "\(destdir)/alice/doomed"))
                #expect(FileManager.default.fileExists(atPath: "\(destdir)/alice/fresh/fedora-41-x86_64/repodata/repomd.xml"))
                let status = try await daemon.status()
                #expect(status["actions"]?["running"]?.arrayValue == [], "\(status)")
                let table = try await ProcessRunner().capture(RunningDaemon.executable, ["status", "-c", path], timeout: .seconds(30))
                #expect(table.standardOutput.contains("Actions: 0 waiting, 0 running, 0 not yet reported"), "\(table.standardOutput)")
                let metrics = try await TestHTTP.send("GET", "\(daemon.baseURL)/metrics")
                #expect(metrics.text.contains(#"copr_backend_actions_finished_total{result="success"} 2"#), "\(metrics.text)")
            } catch {
                _ = try? await daemon.stop()
                throw error
            }
            let output = try await daemon.stop()
            #expect(output.exit == .exited(0), "\(output.standardError)")
            let log = try String(contentsOfFile: tmp.appending("log/actions.log"), encoding: .utf8)
            #expect(log.contains("Action 61 ended with status=success"))
            #expect(log.contains("Action 63 failed: Invalid data"))
            #expect(log.contains("Action dispatcher stopped"))
        }
    }
}
