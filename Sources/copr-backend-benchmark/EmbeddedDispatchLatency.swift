import CoprBackend
import CoprCore
import CoprFrontend
import CoprInProcessFrontend
import Foundation
import Logging

/// The embedded frontend as the daemon reaches it, noting when each build's
/// `starting_build` arrives and refusing it, so that the worker ends there without a
/// builder. Everything else goes to the frontend.
final class StartTimes: FrontendAPI {
    private let inner: any FrontendAPI
    private let arrivals = LockedValue([Int: ContinuousClock.Instant]())

    init(_ inner: any FrontendAPI) {
        self.inner = inner
    }

    /// When the first `starting_build` of each build arrived.
    var arrived: [Int: ContinuousClock.Instant] { arrivals.value }

    func startingBuild(_ report: JobReport) async throws -> Bool {
        let now = ContinuousClock.now
        arrivals.withLock { if $0[report.report.task.buildID] == nil { $0[report.report.task.buildID] = now } }
        return false
    }

    func pendingJobs() async throws -> [JSONValue] { try await inner.pendingJobs() }
    func task(_ task: TaskID) async throws -> TaskRecord? { try await inner.task(task) }
    func update(_ report: JobReport) async throws { try await inner.update(report) }
    func cancelRequests() async throws -> [TaskID] { try await inner.cancelRequests() }
    func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws { try await inner.reportCanceled(task, wasRunning: wasRunning) }
}

/// Submission to the embedded frontend's store → `starting_build`, with the store's
/// wake-up (as in `copr-backend run`): the dispatcher and the worker reach the frontend in
/// process or over HTTP on loopback (with the password and the API version check).
func measureEmbeddedDispatchLatency(inProcess: Bool) async throws {
    let directory = "/tmp/copr-backend-benchmark-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for name in ["results", "state"] {
        try FileManager.default.createDirectory(atPath: "\(directory)/\(name)", withIntermediateDirectories: true)
    }
    let configuration = try BackendConfiguration.parse(
        "[backend]\ndestdir = \(directory)/results\nlog_dir = \(directory)/log\nstate_dir = \(directory)/state\nsleeptime = 1\n",
        path: "benchmark.conf")
    let logger = Logger(label: "benchmark") { _ in SwiftLogNoOpLogHandler() }
    let wakes = LockedValue<Dispatcher?>(nil)
    let store = try FrontendStore(path: FrontendStore.path(stateDirectory: "\(directory)/state")) { wakes.value?.wakeUp() }
    defer { try? store.close() }
    try await store.createProject(NewProject(owner: "bench", name: "bench", chroots: ["fedora-41-x86_64"]))
    let layout = ResultsLayout(destdir: configuration.backend.destdir, baseURL: configuration.backend.resultsBaseURL)
    let (ports, listening) = AsyncStream<Int>.makeStream()
    let server = FrontendServer(
        host: "127.0.0.1", port: 0, limits: FrontendOptions(embedded: true).limits,
        parts: [BackendAPI(store: store, layout: layout, password: "benchmark", logger: logger)], logger: logger
    ) { port in listening.yield(port) }
    let serving = Task { try await server.run() }
    defer { serving.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { return print("the embedded frontend did not start") }

    let policy = FrontendRetryPolicy.dispatcher(configuration.timing)
    let frontend = StartTimes(inProcess
        ? InProcessFrontend(store: store, layout: layout, policy: policy, logger: logger)
        : FrontendClient(baseURL: "http://127.0.0.1:\(port)", password: "benchmark", policy: policy, logger: logger))
    var services = BuildWorker.Services.from(configuration, logger: logger)
    services.frontend = frontend
    services.hosts = StaticHostPool(hosts: [])
    let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
    let journal = try Journal(path: Journal.path(stateDirectory: "\(directory)/state"))
    let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: configuration.scheduling, journal: journal, logger: logger)
    wakes.withLock { $0 = dispatcher }
    let daemon = Task { await dispatcher.run() }
    try await Task.sleep(for: .milliseconds(300))
    var submitted: [Int: ContinuousClock.Instant] = [:]
    for _ in 1...20 {
        let now = ContinuousClock.now
        let build = try await store.submitBuild(BuildSubmission(
            owner: "bench", project: "bench", submitter: "bench", source: .specURL("https://example.org/bench.spec")))
        submitted[build.build.id] = now
        try await Task.sleep(for: .milliseconds(Int.random(in: 150...450)))
    }
    try await Task.sleep(for: .seconds(1.5))
    await dispatcher.stop()
    await daemon.value
    let arrived = frontend.arrived
    let latencies = submitted.compactMap { id, at in arrived[id].map { $0 - at } }.sorted()
    guard !latencies.isEmpty else { return print("no build reached starting_build") }
    print(String(format: "embedded frontend, submission -> starting_build, %@ (sleeptime 1 s): median %.1f ms, max %.1f ms over %d builds",
                 inProcess ? "in process  " : "over HTTP   ", latencies[latencies.count / 2].seconds * 1000,
                 latencies.last!.seconds * 1000, latencies.count))
}
