import CoprBackend
import CoprCore
import CoprFrontend
import CoprInProcessFrontend
import CoprTestSupport
import Foundation
import ServiceLifecycleTestKit
import Testing

/// A frontend lists a task in `pending-jobs` until its final update arrives. An answer
/// fetched while a worker was still running, and taken in after it ended, must not start
/// the task a second time.
@Suite("Integration: the dispatcher starts every task once", .timeLimit(.minutes(3)))
struct DispatcherStartsOnceTests {
    @Test("an answer held until the worker ended does not start the task again (Copr frontend stand-in)")
    func heldAnswerFromStub() async throws {
        try await WorkerTestBed.run(hosts: 1, config: ["backend": ["sleeptime": "30"]]) { bed in
            bed.farm.hosts[0].setBuildMode("sleep 2")
            bed.frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 91))
            try await Self.expectHeldAnswerIgnored(bed, taskID: "91-fedora-41-x86_64") {
                try await bed.waitForLiveLog(91, containing: "SLEEP 1")
            }
        }
    }

    @Test("an answer held until the worker ended does not start the task again (embedded frontend, in process)")
    func heldAnswerFromEmbeddedFrontend() async throws {
        try await EmbeddedFrontendTestServer.run { frontend in
            try await frontend.createProject(chroots: ["fedora-41-x86_64"])
            let buildID = try await frontend.submit()
            let config = ["backend": ["sleeptime": "30", "frontend_base_url": frontend.baseURL]]
            try await WorkerTestBed.run(hosts: 1, config: config) { bed in
                bed.farm.hosts[0].setBuildMode("sleep 2")
                // The dispatcher and the worker call the frontend in process, as in
                // `copr-backend run`; the builder fetches its task over HTTP.
                let inProcess = InProcessFrontend(
                    store: frontend.store, layout: frontend.layout, policy: .dispatcher(bed.configuration.timing),
                    logger: try BackendEnvironment.prepare(bed.configuration, logName: "build_dispatcher"))
                try await Self.expectHeldAnswerIgnored(bed, taskID: String(buildID), frontend: inProcess) {
                    let log = "\(bed.destdir)/jdoe/hello/srpm-builds/\(String(format: "%08d", buildID))/builder-live.log"
                    try await waitUntil("the source build to run", timeout: .seconds(30)) {
                        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("SLEEP 1")
                    }
                }
                #expect(try await frontend.store.build(id: buildID).build.sourceStatus == .succeeded)
            }
        }
    }

    /// Holds the `pending-jobs` answer fetched while `taskID` runs until its worker ended,
    /// then lets the dispatcher take it in and run one more cycle. `frontend` is what the
    /// dispatcher and the worker call, the bed's HTTP client by default.
    static func expectHeldAnswerIgnored(
        _ bed: WorkerTestBed, taskID: String, frontend: (any FrontendAPI)? = nil, untilRunning: () async throws -> Void
    ) async throws {
        let gated = GatedFrontend(try frontend ?? bed.frontendClient())
        let dispatcher = try bed.dispatcher(frontend: gated)
        let running = try await testGracefulShutdown { trigger in
            let daemon = Task { await dispatcher.run() }
            try await untilRunning()
            gated.holdNextPendingJobs()
            dispatcher.wakeUp()
            let stale = try await gated.heldList()
            #expect(stale.contains { $0["task_id"]?.stringValue == taskID }, "the held answer must list the running task")
            try await waitUntil("the worker of \(taskID) to end", timeout: .seconds(60)) {
                await !dispatcher.status.running.contains { $0.taskID == taskID }
            }
            let fetches = gated.fetches
            gated.release()
            // The held cycle, then the one the ended worker asked for.
            try await waitUntil("two more cycles", timeout: .seconds(30)) { gated.fetches >= fetches + 2 }
            let running = await dispatcher.status.running.map(\.taskID)
            trigger.triggerGracefulShutdown()
            await daemon.value
            return running
        }
        #expect(!running.contains(taskID), "the stale answer started \(taskID) again")
        #expect(gated.starts.filter { $0 == taskID }.count == 1)
        #expect(gated.finalUpdates.filter { $0 == taskID } == [taskID])
        #expect(bed.dispatcherLog.contains("Not starting again, their workers ended after pending-jobs was fetched: \(taskID)"))
    }
}

@Suite("Integration: dozens of builds ending at once", .timeLimit(.minutes(5)))
struct DispatcherBurstTests {
    @Test("48 short builds on 24 local builders, on a loaded machine: each started once, one final update each")
    func burst() async throws {
        let tasks = (1...48).map { "\(200 + $0)-fedora-41-x86_64" }
        try await withTemporaryDirectory { directory in
            let frontend = try await FrontendStub.start()
            let load = CPULoad(processes: 2)
            do {
                for (index, taskID) in tasks.enumerated() {
                    frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: 201 + index, packageName: "pkg\(index)"), taskID: taskID)
                }
                let dispatcher = try Self.dispatcher(directory: directory, frontend: frontend, builders: 24)
                try await testGracefulShutdown { trigger in
                    let daemon = Task { await dispatcher.run() }
                    for taskID in tasks { _ = try await frontend.waitForFinalUpdate(task: taskID, timeout: .seconds(120)) }
                    // More cycles after the last ending: a stale answer would start a task again.
                    let fetches = frontend.requests(to: .pendingJobs).count
                    try await waitUntil("ten more cycles", timeout: .seconds(30)) { frontend.requests(to: .pendingJobs).count >= fetches + 10 }
                    trigger.triggerGracefulShutdown()
                    await daemon.value
                }
            } catch {
                load.stop()
                await frontend.shutdown()
                throw error
            }
            load.stop()
            await frontend.shutdown()
            let starts = StandInBuilder.starts(under: directory.appending("builders"))
            for taskID in tasks {
                #expect(frontend.startingBuilds.filter { $0["task_id"]?.stringValue == taskID }.count == 1, "\(taskID)")
                #expect(frontend.updates(forTask: taskID).filter { [0, 1].contains($0["status"]?.intValue) }.count == 1, "\(taskID)")
                #expect(starts.filter { $0.contains("/get-build-task/\(taskID) ") }.count == 1, "\(taskID)")
            }
            #expect(starts.count == tasks.count)
        }
    }

    /// A dispatcher with `builders` local stand-in builders, cycling every 50 ms.
    static func dispatcher(directory: TemporaryDirectory, frontend: FrontendStub, builders: Int) throws -> Dispatcher {
        let agentDirectory = directory.appending("agent")
        try StandInBuilder.install(in: agentDirectory, lines: 5)
        try FileManager.default.createDirectory(atPath: directory.appending("results"), withIntermediateDirectories: true)
        var configuration = try BackendConfiguration.parse(
            """
            [backend]
            destdir = \(directory.appending("results"))
            log_dir = \(directory.appending("log"))
            state_dir = \(directory.appending("state"))
            frontend_base_url = \(frontend.baseURL)
            frontend_auth = frontend-auth
            sleeptime = 0.05
            createrepo_command = /bin/true
            builds_max_workers = \(builders)
            builds_max_workers_owner = \(builders)
            builds_max_workers_sandbox = \(builders)
            [builder]
            version_command = copr-rpmbuild --version
            [timing]
            frontend_retry_step = 0.05
            """, path: directory.appending("copr-be.conf"))
        configuration.hosts.provider = .static
        configuration.hosts.staticHosts = (1...builders).map {
            // Unsandboxed: the stand-in runs no package code, and sandboxed builders would
            // each need an account of their own.
            .init(name: "local\($0)", address: "localhost", tags: ["copr_builder", "arch_x86_64"],
                  transport: .local(root: directory.appending("builders/\($0)")), isolation: .unsandboxed)
        }
        let logger = try BackendEnvironment.prepare(configuration, logName: "worker")
        var services = BuildWorker.Services.from(configuration, logger: logger)
        services.shells = BuilderShellFactory(
            ssh: OpenSSHShell.Settings(configFile: "/dev/null", stateDirectory: directory.appending("state"), rsyncAttempts: 1,
                                       retryPause: .seconds(1), commandTimeout: .seconds(60)),
            resultsDir: configuration.builder.resultsDir, agentDirectory: agentDirectory,
            localIsolation: configuration.hosts.localIsolation, logger: logger)
        let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
        let client = FrontendClient(
            baseURL: frontend.baseURL, password: "frontend-auth", policy: .dispatcher(configuration.timing), logger: logger)
        return Dispatcher(frontend: client, worker: worker, options: configuration.scheduling, logger: logger)
    }
}
