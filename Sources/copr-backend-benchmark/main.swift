import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Logging

// Figures for docs/PERFORMANCE.md: `swift run -c release copr-backend-benchmark`.
// Nothing here leaves the machine: the frontend is in memory, no builder is contacted.

/// `count` pending-jobs records in the frontend's order: 500 owners, 4 arches, two
/// sandboxes per owner, every tenth task in the background, every fifth tagged.
func pendingRecords(_ count: Int) -> [JSONValue] {
    let arches = ["x86_64", "aarch64", "ppc64le", "s390x"]
    return (0..<count).map { index in
        let owner = "user\(index % 500)"
        let chroot = "fedora-41-\(arches[index % arches.count])"
        return [
            "task_id": .string("\(index + 1)-\(chroot)"), "build_id": .int(index + 1), "project_owner": .string(owner),
            "sandbox": .string("\(owner)/project\(index % 2)--\(owner)"), "background": .bool(index % 10 == 0),
            "chroot": .string(chroot), "tags": index % 5 == 0 ? ["on_demand_powerful"] : [], "allow_user_ssh": false,
        ]
    }
}

func limitedOptions() -> SchedulingOptions {
    var options = SchedulingOptions()
    options.maxWorkers = 1000
    options.maxWorkersPerArch = [.init("x86_64", max: 400), .init("aarch64", max: 200), .init("ppc64le", max: 100)]
    options.maxWorkersPerTag = [.init("on_demand_powerful", max: 50)]
    options.maxWorkersPerArchAndOwner = [.init("x86_64", max: 5)]
    options.blockedOwners = ["user13"]
    return options
}

func measureSchedulingCycle(queued: Int) throws {
    // Each cycle takes in a list decoded anew, as a fetch from the frontend gives it.
    let encoded = try JSONValue.array(pendingRecords(queued)).encoded()
    var scheduler = Scheduler(options: limitedOptions())
    var samples: [Duration] = []
    for round in 0..<6 {
        let records = try JSONValue.decode(encoded).arrayValue ?? []
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = scheduler.beginCycle(pendingRecords: records, fetchedAt: scheduler.fetchBegins())
            _ = scheduler.planStarts()
        }
        if round > 0 { samples.append(elapsed) }
        for taskID in scheduler.running.keys { scheduler.workerEnded(taskID: taskID) }
    }
    samples.sort()
    let median = samples[samples.count / 2]
    print(String(format: "scheduling cycle, %6d queued tasks under 7 limits: median %.1f ms (min %.1f, max %.1f)",
                 queued, median.seconds * 1000, samples.first!.seconds * 1000, samples.last!.seconds * 1000))
}

/// An in-memory frontend: tasks appear in `pending-jobs`; `starting_build` records when it
/// was called, then refuses, so the worker ends at once without a builder.
actor MemoryFrontend: FrontendAPI {
    private var pending: [JSONValue] = []
    private var visibleAt: [String: ContinuousClock.Instant] = [:]
    private(set) var latencies: [Duration] = []

    func publish(_ record: JSONValue) {
        pending.append(record)
        visibleAt[record["task_id"]!.stringValue!] = .now
    }

    func task(_ task: TaskID) async throws -> TaskRecord? {
        var record = pending.first { $0["task_id"]?.stringValue == task.description }?.objectValue
        record?["project_name"] = "bench"
        record?["project_dirname"] = "bench"
        return try record.map { try TaskRecord(fields: $0) }
    }

    func startingBuild(_ report: JobReport) async throws -> Bool {
        if let visible = visibleAt.removeValue(forKey: report.report.task.description) {
            latencies.append(.now - visible)
        }
        return acceptStarts
    }

    func update(_ report: JobReport) async throws {
        let status = report.report.status
        guard status == .failed || status == .succeeded else { return }
        finished += 1
        if status == .succeeded { succeeded += 1 }
        pending.removeAll { $0["task_id"]?.stringValue == report.report.task.description }
    }

    /// Whether `starting_build` lets tasks run (false: the worker stops right there).
    var acceptStarts = false
    private(set) var finished = 0
    private(set) var succeeded = 0

    func acceptingStarts() { acceptStarts = true }
    func pendingJobs() async throws -> [JSONValue] { pending }
    func cancelRequests() async throws -> [TaskID] { [] }
    func reportCanceled(_ task: TaskID, wasRunning: Bool) async throws {}
}

func measureDispatchLatency(wakeUp: Bool) async throws {
    let directory = "/tmp/copr-backend-benchmark-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: "\(directory)/results", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: "\(directory)/state", withIntermediateDirectories: true)
    let configuration = try BackendConfiguration.parse(
        "[backend]\ndestdir = \(directory)/results\nlog_dir = \(directory)/log\nstate_dir = \(directory)/state\nsleeptime = 1\n",
        path: "benchmark.conf")
    let logger = Logger(label: "benchmark") { _ in SwiftLogNoOpLogHandler() }
    let frontend = MemoryFrontend()
    var services = BuildWorker.Services.from(configuration, logger: logger)
    services.frontend = frontend
    services.hosts = StaticHostPool(hosts: [])
    let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
    let journal = try Journal(path: Journal.path(stateDirectory: "\(directory)/state"))
    let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: configuration.scheduling, journal: journal, logger: logger)
    let daemon = Task { await dispatcher.run() }
    try await Task.sleep(for: .milliseconds(300))
    for index in 1...20 {
        await frontend.publish([
            "task_id": .string("\(index)-fedora-41-x86_64"), "build_id": .int(index), "project_owner": "bench",
            "sandbox": "bench/bench--bench", "chroot": "fedora-41-x86_64",
        ])
        if wakeUp { dispatcher.wakeUp() }
        try await Task.sleep(for: .milliseconds(Int.random(in: 150...450)))
    }
    try await Task.sleep(for: .seconds(1.5))
    await dispatcher.stop()
    await daemon.value
    let latencies = await frontend.latencies.sorted()
    guard !latencies.isEmpty else { return print("no task reached starting_build") }
    print(String(format: "task visible -> starting_build, %@ (sleeptime 1 s): median %.1f ms, max %.1f ms over %d tasks",
                 wakeUp ? "with wake-up   " : "without wake-up", latencies[latencies.count / 2].seconds * 1000,
                 latencies.last!.seconds * 1000, latencies.count))
}

/// Resident memory of this process in MiB: the peak (`VmHWM`) or now (`VmRSS`).
func residentMiB(_ field: String = "VmHWM") -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

/// CPU seconds this process used (user + system), children excluded.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// `builds` builds at once on local stand-in builders (unsandboxed: what is measured is the
/// daemon, not bubblewrap), each streaming ten log lines a
/// second for `seconds`; prints the daemon's peak RSS and CPU time.
func measureConcurrentBuilds(_ builds: Int, seconds: Int) async throws {
    let directory = "/tmp/copr-backend-benchmark-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let agentDirectory = "\(directory)/agent"
    try FileManager.default.createDirectory(atPath: "\(directory)/results", withIntermediateDirectories: true)
    try StandInBuilder.install(in: agentDirectory, lines: seconds * 10)
    var configuration = try BackendConfiguration.parse(
        """
        [backend]
        destdir = \(directory)/results
        log_dir = \(directory)/log
        state_dir = \(directory)/state
        sleeptime = 1
        createrepo_command = /bin/true
        builds_max_workers = \(builds)
        builds_max_workers_owner = \(builds)
        builds_max_workers_sandbox = \(builds)
        [builder]
        version_command = copr-rpmbuild --version
        """, path: "benchmark.conf")
    configuration.timing.frontendRetryStep = .milliseconds(100)
    configuration.hosts.staticHosts = (1...builds).map {
        .init(name: "local\($0)", address: "localhost", tags: ["copr_builder", "arch_x86_64"],
              transport: .local(root: "\(directory)/builders/\($0)"), isolation: .unsandboxed)
    }
    let logger = try BackendEnvironment.prepare(configuration, logName: "worker")
    let frontend = MemoryFrontend()
    await frontend.acceptingStarts()
    var services = BuildWorker.Services.from(configuration, logger: logger)
    services.frontend = frontend
    services.hosts = StaticHostPool(hosts: configuration.hosts.staticHosts)
    services.shells = BuilderShellFactory(
        ssh: OpenSSHShell.Settings(configFile: "/dev/null", stateDirectory: "\(directory)/state", rsyncAttempts: 1,
                                   retryPause: .seconds(1), commandTimeout: .seconds(60)),
        resultsDir: configuration.builder.resultsDir, agentDirectory: agentDirectory,
        localIsolation: configuration.hosts.localIsolation, logger: logger)
    let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
    let journal = try Journal(path: Journal.path(stateDirectory: "\(directory)/state"))
    let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: configuration.scheduling, journal: journal, logger: logger)
    for index in 1...builds {
        await frontend.publish([
            "task_id": .string("\(index)-fedora-41-x86_64"), "build_id": .int(index), "project_owner": "bench",
            "sandbox": "bench/bench--bench", "chroot": "fedora-41-x86_64", "package_name": .string("pkg\(index)"),
        ])
    }
    let cpuBefore = cpuSeconds()
    let start = ContinuousClock.now
    let daemon = Task { await dispatcher.run() }
    // The steady state: every build streams its log, none has finished yet.
    while await dispatcher.status.running.filter({ $0.phase == .building }).count < builds, await frontend.finished == 0 {
        try await Task.sleep(for: .milliseconds(100))
    }
    let allStreaming = ContinuousClock.now - start
    try await Task.sleep(for: .seconds(2))
    let window = Duration.seconds(max(1, min(10, Double(seconds) - allStreaming.seconds - 4)))
    let steadyCPUBefore = cpuSeconds()
    try await Task.sleep(for: window)
    let steadyCPU = cpuSeconds() - steadyCPUBefore
    let steadyRSS = residentMiB("VmRSS")
    let steadyBuilding = await dispatcher.status.running.filter({ $0.phase == .building }).count
    while await frontend.finished < builds { try await Task.sleep(for: .milliseconds(200)) }
    let elapsed = ContinuousClock.now - start
    let cpu = cpuSeconds() - cpuBefore
    await dispatcher.stop()
    await daemon.value
    let succeeded = await frontend.succeeded
    if succeeded < builds {
        let log = (try? String(contentsOfFile: "\(directory)/log/worker.log", encoding: .utf8)) ?? ""
        print("some builds failed; the end of worker.log:")
        log.split(separator: "\n").filter { $0.contains("ERROR") }.prefix(5).forEach { print("  \($0)") }
    }
    print(String(format: "%4d concurrent builds, %d log lines/s each for %d s: %d succeeded in %.1f s; daemon peak RSS %.0f MiB, CPU %.1f s (%.1f %% of one core) over the whole run",
                 builds, 10, seconds, succeeded, elapsed.seconds, residentMiB(), cpu, 100 * cpu / elapsed.seconds))
    print(String(format: "     all %d streaming after %.1f s; steady streaming (%d building) for %.0f s: RSS %.0f MiB, CPU %.2f s (%.1f %% of one core)",
                 builds, allStreaming.seconds, steadyBuilding, window.seconds, steadyRSS, steadyCPU, 100 * steadyCPU / window.seconds))
}

let arguments = CommandLine.arguments.dropFirst()
print("copr-backend benchmark on \(ProcessInfo.processInfo.activeProcessorCount) cores")
if arguments.first == "web" {
    try await measureWebPages(
        builds: Int(arguments.dropFirst().first ?? "10000") ?? 10_000, packages: Int(arguments.dropFirst(2).first ?? "50") ?? 50)
} else if arguments.first == "builds" {
    // A process of its own per size, so the peak RSS belongs to that run alone.
    try await measureConcurrentBuilds(Int(arguments.dropFirst().first ?? "100") ?? 100, seconds: Int(arguments.dropFirst(2).first ?? "30") ?? 30)
} else {
    try measureSchedulingCycle(queued: 10_000)
    try measureSchedulingCycle(queued: 100_000)
    try await measureDispatchLatency(wakeUp: false)
    try await measureDispatchLatency(wakeUp: true)
    try await measureEmbeddedDispatchLatency(inProcess: false)
    try await measureEmbeddedDispatchLatency(inProcess: true)
}
