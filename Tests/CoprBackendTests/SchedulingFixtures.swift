import CoprCore
@testable import CoprBackend

/// Pending-jobs records as the HEAD frontend sends them, and scheduler shortcuts.
enum SchedulingFixtures {
    static func rpm(
        _ build: Int, chroot: String = "fedora-41-x86_64", owner: String = "alice", sandbox: String? = nil,
        background: Bool = false, tags: [String] = [], userSSH: Bool = false
    ) -> JSONValue {
        [
            "task_id": .string("\(build)-\(chroot)"), "build_id": .int(build), "project_owner": .string(owner),
            "sandbox": .string(sandbox ?? "\(owner)/project--\(owner)"), "background": .bool(background),
            "chroot": .string(chroot), "tags": .array(tags.map { .string($0) }), "allow_user_ssh": .bool(userSSH),
        ]
    }

    static func srpm(
        _ build: Int, chroot: String? = nil, owner: String = "alice", sandbox: String? = nil, background: Bool = false,
        userSSH: Bool = false
    ) -> JSONValue {
        [
            "task_id": .string("\(build)"), "build_id": .int(build), "project_owner": .string(owner),
            "sandbox": .string(sandbox ?? "\(owner)/project--\(owner)"), "background": .bool(background),
            "chroot": chroot.map { .string($0) } ?? .null, "allow_user_ssh": .bool(userSSH),
        ]
    }

    static func with(_ record: JSONValue, _ changes: [String: JSONValue]) -> JSONValue {
        guard case .object(var fields) = record else { return record }
        fields.merge(changes) { _, new in new }
        return .object(fields)
    }

    static func without(_ record: JSONValue, _ key: String) -> JSONValue {
        guard case .object(var fields) = record else { return record }
        fields[key] = nil
        return .object(fields)
    }

    static func task(_ record: JSONValue) throws -> QueuedTask {
        try QueuedTask(record: record)
    }

    /// Options with limits high enough not to interfere, then `configure`.
    static func options(_ configure: (inout SchedulingOptions) -> Void = { _ in }) -> SchedulingOptions {
        var options = SchedulingOptions()
        options.maxWorkers = 1000
        options.maxWorkersPerOwner = 1000
        options.maxWorkersPerSandbox = 1000
        configure(&options)
        return options
    }

    /// A scheduler that fetched `records` and planned once; returns the started task ids.
    static func plan(
        _ records: [JSONValue], running: [QueuedTask] = [], _ configure: (inout SchedulingOptions) -> Void = { _ in }
    ) -> (scheduler: Scheduler, started: [String]) {
        var scheduler = Scheduler(options: options(configure), running: running)
        _ = scheduler.beginCycle(pendingRecords: records)
        let started = scheduler.planStarts().map(\.taskID)
        return (scheduler, started)
    }

    /// Task id → the limit it waits for, for the waiting tasks that have a reason.
    static func reasons(_ scheduler: Scheduler) -> [String: WaitingTask.Reason] {
        scheduler.waitingTasks.reduce(into: [:]) { reasons, waiting in reasons[waiting.taskID] = waiting.waitingFor }
    }
}

extension Scheduler {
    /// Takes in a list fetched just now, with no worker ending during the fetch.
    mutating func beginCycle(pendingRecords records: [JSONValue]) -> Intake {
        beginCycle(pendingRecords: records, fetchedAt: fetchBegins())
    }
}
