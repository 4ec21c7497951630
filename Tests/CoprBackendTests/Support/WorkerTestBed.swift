import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Logging

/// Everything an end-to-end worker test needs, made by the test itself: sshd builder
/// hosts running the scripted builder, the frontend and resalloc stand-ins on real
/// sockets, a results tree, and a configuration with the time constants scaled down.
struct WorkerTestBed: Sendable {
    let farm: TestHostFarm
    let frontend: FrontendStub
    let resalloc: ResallocStub
    let directory: TemporaryDirectory
    let configuration: BackendConfiguration
    let events = RecordingEventSink()

    var destdir: String { configuration.backend.destdir }

    /// The worker.log of this bed, for assertions on internal details.
    var workerLog: String {
        (try? String(contentsOfFile: directory.appending("log/worker.log"), encoding: .utf8)) ?? ""
    }

    /// Runs `body` with a bed of `hosts` builders registered in resalloc; `config` lines
    /// are appended to (and override) the test configuration.
    static func run(
        hosts: Int, config: [String: [String: String]] = [:], name: String = #function,
        _ body: (WorkerTestBed) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory("copr-worker")
        defer { directory.remove() }
        let frontend = try await FrontendStub.start()
        let resalloc = try await ResallocStub.start()
        do {
            try await withTestHostFarm(hosts: hosts, name: name) { farm in
                for host in farm.hosts {
                    host.setBuilderVersion("1.7.0")
                    resalloc.addBuilder(host, tags: ["copr_builder", "arch_x86_64", "arch_noarch"])
                }
                let configuration = try makeConfiguration(
                    directory: directory, frontend: frontend, resalloc: resalloc, farm: farm, overrides: config)
                let bed = WorkerTestBed(
                    farm: farm, frontend: frontend, resalloc: resalloc, directory: directory, configuration: configuration)
                try await body(bed)
            }
        } catch {
            await frontend.shutdown()
            await resalloc.shutdown()
            throw error
        }
        await frontend.shutdown()
        await resalloc.shutdown()
    }

    private static func makeConfiguration(
        directory: TemporaryDirectory, frontend: FrontendStub, resalloc: ResallocStub, farm: TestHostFarm,
        overrides: [String: [String: String]]
    ) throws -> BackendConfiguration {
        var sections: [String: [String: String]] = [
            "backend": [
                "destdir": directory.appending("results"),
                "results_baseurl": "http://results.test/results",
                "frontend_base_url": frontend.baseURL,
                "frontend_auth": "frontend-auth",
                "build_user": "root",
                "log_dir": directory.appending("log"),
                "state_dir": directory.appending("state"),
                "resalloc_connection": resalloc.url,
            ],
            "timing": [
                "repo_wait_timeout": "2", "repo_wait_poll": "0.1", "host_ready_backoff": "0.05,0.1",
                "host_retry_pause": "0.1", "ssh_retry_pause": "0.2", "ssh_command_timeout": "20",
                "ssh_unstable_window": "0.5", "frontend_retry_step": "0.05", "frontend_request_timeout": "5",
                "sign_retry_pause": "0.05", "cancel_grace": "5", "cancel_check_period": "0.2",
                "ticket_liveness_period": "0.5", "timeout_grace": "2", "rsync_attempts": "2",
            ],
            "builder": ["version_command": "copr-rpmbuild --version"],
            "ssh": ["builder_config": farm.sshConfigPath],
        ]
        for (section, options) in overrides {
            sections[section, default: [:]].merge(options) { $1 }
        }
        var text = ""
        for (section, options) in sections.sorted(by: { $0.key < $1.key }) {
            text += "[\(section)]\n" + options.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
        }
        try FileManager.default.createDirectory(atPath: directory.appending("results"), withIntermediateDirectories: true)
        let path = directory.appending("copr-be.conf")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try BackendConfiguration.load(path: path)
    }

    /// A worker wired to this bed; `hosts` replaces resalloc (e.g. a static pool).
    func worker(hosts: (any HostProvider)? = nil, frontend: (any FrontendAPI)? = nil, metrics: BackendMetrics? = nil) throws -> BuildWorker {
        let logger = try BackendEnvironment.prepare(configuration, logName: "worker")
        var services = BuildWorker.Services.from(configuration, metrics: metrics, logger: logger)
        services.events = events
        if let hosts { services.hosts = hosts }
        if let frontend { services.frontend = frontend }
        return BuildWorker(configuration: configuration, services: services, logger: logger)
    }

    /// Registers a typical RPM task and processes it to the end.
    @discardableResult
    func buildRPM(
        _ buildID: Int, package: String = "hello", chroot: String = "fedora-41-x86_64",
        interrupt: BuildInterrupt = BuildInterrupt(), worker: BuildWorker? = nil
    ) async throws -> BuildOutcome {
        frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: buildID, chroot: chroot, packageName: package))
        return await (try worker ?? self.worker()).process(buildID: buildID, chroot: chroot, interrupt: interrupt)
    }

    /// The dispatcher's client of this bed's frontend, with the dispatcher's retry policy.
    func frontendClient(metrics: BackendMetrics = BackendMetrics()) throws -> FrontendClient {
        FrontendClient(
            baseURL: configuration.backend.frontendBaseURL, password: configuration.backend.frontendAuth,
            policy: .dispatcher(configuration.timing), logger: try BackendEnvironment.prepare(configuration, logName: "build_dispatcher"),
            metrics: metrics)
    }

    /// A dispatcher wired to this bed, with a logger writing `<log_dir>/build_dispatcher.log`.
    /// `frontend` (e.g. a `GatedFrontend`) replaces the frontend of the dispatcher and of
    /// its worker.
    func dispatcher(metrics: BackendMetrics = BackendMetrics(), frontend: (any FrontendAPI)? = nil) throws -> Dispatcher {
        let logger = try BackendEnvironment.prepare(configuration, logName: "build_dispatcher")
        return Dispatcher(
            frontend: try frontend ?? frontendClient(metrics: metrics), worker: try worker(frontend: frontend, metrics: metrics),
            options: configuration.scheduling, metrics: metrics,
            queueDumpPath: directory.appending("log/copr-build-dispatcher-queue.json"), logger: logger)
    }

    /// The build dispatcher's log of this bed.
    var dispatcherLog: String {
        (try? String(contentsOfFile: directory.appending("log/build_dispatcher.log"), encoding: .utf8)) ?? ""
    }

    /// Registers a typical RPM task and starts processing it in the background; with
    /// `pinnedTo`, every ticket goes to that host until the test hands out another.
    func startRPM(_ buildID: Int, pinnedTo host: TestHost? = nil, interrupt: BuildInterrupt = BuildInterrupt()) throws -> Task<BuildOutcome, Never> {
        if let host { resalloc.handOut(host.name) }
        let worker = try worker()
        frontend.addRPMTask(FrontendStub.rpmTaskRecord(buildID: buildID))
        return Task { await worker.process(buildID: buildID, chroot: "fedora-41-x86_64", interrupt: interrupt) }
    }

    /// The result directory of an RPM task of the default project.
    func resultsDir(_ buildID: Int, package: String = "hello", chroot: String = "fedora-41-x86_64") -> String {
        "\(destdir)/jdoe/hello/\(chroot)/" + String(format: "%08d-%@", buildID, package)
    }

    /// Waits until the local copy of an RPM task's live log shows `text`.
    func waitForLiveLog(_ buildID: Int, containing text: String) async throws {
        let path = "\(resultsDir(buildID))/builder-live.log"
        try await waitUntil("builder-live.log of build \(buildID) to show \(text)", timeout: .seconds(60)) {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(text)
        }
    }

    /// The text of a log of a result directory, compressed or not.
    func log(_ name: String, in resultsDir: String) async throws -> String {
        let plain = "\(resultsDir)/\(name)"
        if let text = try? String(contentsOfFile: plain, encoding: .utf8) { return text }
        let output = try await ProcessRunner().capture("gzip", ["-dc", plain + ".gz"], timeout: .seconds(30), outputLimit: 8 << 20)
        guard output.exit.isSuccess else { throw TestSupportError.unexpected("no \(name) in \(resultsDir)") }
        return output.standardOutput
    }

    /// The final update (status 0 or 1) the frontend received for a task.
    func finalUpdate(_ taskID: String) -> JSONValue? {
        frontend.updates(forTask: taskID).last { [0, 1].contains($0["status"]?.intValue) }
    }
}

/// Records announced events for assertions.
final class RecordingEventSink: BuildEventSink {
    private let recorded = LockedValue<[BuildEvent]>([])

    func announce(_ event: BuildEvent) async {
        recorded.withLock { $0.append(event) }
    }

    var kinds: [BuildEventKind] { recorded.value.map(\.kind) }
    var statuses: [BuildStatus] { recorded.value.map(\.job.status) }
}
