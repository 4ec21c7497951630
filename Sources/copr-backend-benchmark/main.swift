import CoprBackend
import CoprCore
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

func measureSchedulingCycle(queued: Int) {
    let records = pendingRecords(queued)
    var scheduler = Scheduler(options: limitedOptions())
    var samples: [Duration] = []
    for round in 0..<6 {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = scheduler.beginCycle(pendingRecords: records)
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

    func task(id taskID: String, sourceBuild: Bool) async throws -> [String: JSONValue]? {
        var record = pending.first { $0["task_id"]?.stringValue == taskID }?.objectValue
        record?["project_name"] = "bench"
        record?["project_dirname"] = "bench"
        return record
    }

    func startingBuild(_ job: [String: JSONValue]) async throws -> Bool {
        if let taskID = job["task_id"]?.stringValue, let visible = visibleAt.removeValue(forKey: taskID) {
            latencies.append(.now - visible)
        }
        pending.removeAll { $0["task_id"] == job["task_id"] }
        return false
    }

    func update(builds: [[String: JSONValue]]) async throws {}
    func pendingJobs() async throws -> [JSONValue] { pending }
    func cancelRequests() async throws -> [String] { [] }
    func reportCanceled(taskID: String, wasRunning: Bool) async throws {}
}

func measureDispatchLatency(wakeUp: Bool) async throws {
    let directory = "/tmp/copr-backend-benchmark-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: "\(directory)/results", withIntermediateDirectories: true)
    let configuration = try BackendConfiguration.parse(
        "[backend]\ndestdir = \(directory)/results\nlog_dir = \(directory)/log\nstate_dir = \(directory)/state\nsleeptime = 1\n",
        path: "benchmark.conf")
    let logger = Logger(label: "benchmark") { _ in SwiftLogNoOpLogHandler() }
    let frontend = MemoryFrontend()
    var services = BuildWorker.Services.from(configuration, logger: logger)
    services.frontend = frontend
    services.hosts = StaticHostPool(hosts: [])
    let worker = BuildWorker(configuration: configuration, services: services, logger: logger)
    let dispatcher = Dispatcher(frontend: frontend, worker: worker, options: configuration.scheduling, logger: logger)
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

print("copr-backend benchmark on \(ProcessInfo.processInfo.activeProcessorCount) cores")
measureSchedulingCycle(queued: 10_000)
measureSchedulingCycle(queued: 100_000)
try await measureDispatchLatency(wakeUp: false)
try await measureDispatchLatency(wakeUp: true)
