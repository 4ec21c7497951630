import CoprCore

/// The build dispatcher's queue and limits (upstream's `WorkerManager` at HEAD, reference
/// §1.2–§1.5) as a plain value: one mutating function per event, each returning what the
/// caller must do. No I/O and no clocks; the daemon fetches, starts and cancels.
///
/// One cycle: `beginCycle(pendingRecords:)` after a successful `pending-jobs` fetch, then
/// `cancelRequested(taskID:)` for each cancel request, then `planStarts()`. When a worker
/// ends mid-cycle, `workerEnded(taskID:)` frees its global slot and `planStarts()` may be
/// called again; the other limits free their slots only at the next `beginCycle`. After a
/// failed fetch, skip `beginCycle` and keep planning from the current queue, as upstream
/// keeps its queue when the fetched list is empty.
public struct Scheduler: Sendable {
    /// What the daemon must do for one cancel request.
    public enum CancelAction: Sendable, Equatable {
        /// The task was waiting and is now dropped; report `null` to the frontend.
        case droppedFromQueue
        /// A worker runs the task: ask it to cancel and report `true` to the frontend.
        case cancelWorker
        /// Neither waiting nor running; report `null` to the frontend.
        case unknown
    }

    /// What one fetch brought, for the daemon's log.
    public struct Intake: Sendable, Equatable {
        /// Records that are not scheduled, each with the reason (malformed or duplicate).
        public var skipped: [SkippedRecord] = []
        /// Tasks that were not in the previous fetch, in fetch order.
        public var newTaskIDs: [String] = []
    }

    /// A pending-jobs record the scheduler refuses; upstream would crash on some of them.
    public struct SkippedRecord: Sendable, Equatable {
        /// The record's 0-based position in the fetched list.
        public var position: Int
        /// The record's `task_id` when it is a printable string.
        public var taskID: String?
        public var reason: String
    }

    private struct Entry: Sendable {
        enum State: Sendable {
            case queued, started, cancelled
            case waiting(WaitingTask.Reason)
        }

        let task: QueuedTask
        let priority: Int
        var state: State
    }

    /// HEAD's backend-priority counter key, so that one owner's background and normal
    /// tasks, arches and sandboxes each get their own sequence and interleave.
    private struct PriorityGroup: Hashable {
        let background: Bool
        let owner: String
        let arch: String
        let sandbox: String?
    }

    public static let globalLimitName = "builds_max_workers"

    public let options: SchedulingOptions
    /// The tasks with a worker, started here or handed over at construction.
    public private(set) var running: [String: QueuedTask]
    private var statistics: LimitStatistics
    /// This cycle's queued tasks in fetch order; `positions` finds them by task id.
    private var entries: [Entry] = []
    private var positions: [String: Int] = [:]
    /// Indices into `entries` in priority order; `order[next...]` are not yet considered.
    private var order: [Int] = []
    private var next = 0
    /// Set when the last `planStarts()` stopped at the global maximum.
    private var globalWait: WaitingTask.Reason?
    private var previousTaskIDs: Set<String> = []

    /// `running`: workers that already exist, e.g. ones that survived a daemon restart.
    public init(options: SchedulingOptions, running: [QueuedTask] = []) {
        self.options = options
        self.running = Dictionary(running.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        statistics = LimitStatistics(limits: WorkerLimit.configured(by: options), running: running)
    }

    /// Replaces the queue with the fetched records and recounts the limits from the
    /// running workers (HEAD `clean_tasks` + `add_task`). Running tasks are not queued
    /// again, but like upstream they take their place in the priority counters.
    public mutating func beginCycle(pendingRecords records: [JSONValue]) -> Intake {
        var intake = Intake()
        var seen = Set<String>(minimumCapacity: records.count)
        var counters: [PriorityGroup: Int] = [:]
        entries = []
        entries.reserveCapacity(records.count)
        positions = Dictionary(minimumCapacity: records.count)
        for (position, record) in records.enumerated() {
            let task: QueuedTask
            do {
                task = try QueuedTask(record: record)
            } catch {
                intake.skipped.append(SkippedRecord(position: position, taskID: Self.printableTaskID(record), reason: "\(error)"))
                continue
            }
            guard seen.insert(task.taskID).inserted else {
                intake.skipped.append(SkippedRecord(
                    position: position, taskID: task.taskID, reason: "duplicate task_id: the same fetch listed it earlier"))
                continue
            }
            if !previousTaskIDs.contains(task.taskID) { intake.newTaskIDs.append(task.taskID) }
            let group = PriorityGroup(
                background: task.isBackground, owner: task.owner, arch: task.requestedArch ?? "srpm", sandbox: task.sandbox)
            let backendPriority = counters[group, default: 0] + 1
            counters[group] = backendPriority
            guard running[task.taskID] == nil else { continue }
            positions[task.taskID] = entries.count
            entries.append(Entry(task: task, priority: task.frontendPriority + backendPriority, state: .queued))
        }
        // Ties go to the earlier record. Sorting indices rather than the entries saves
        // copying every task, which matters with 100,000 of them.
        order = entries.indices.sorted { (entries[$0].priority, $0) < (entries[$1].priority, $1) }
        next = 0
        globalWait = nil
        previousTaskIDs = seen
        statistics = LimitStatistics(limits: statistics.limits, running: running.values)
        return intake
    }

    /// Routes one cancel request: a waiting task is dropped from this cycle, a running one
    /// needs its worker cancelled.
    public mutating func cancelRequested(taskID: String) -> CancelAction {
        if running[taskID] != nil { return .cancelWorker }
        guard let position = positions[taskID] else { return .unknown }
        if case .started = entries[position].state { return .unknown }
        positions[taskID] = nil
        entries[position].state = .cancelled
        return .droppedFromQueue
    }

    /// The tasks to start now, in priority order; they count as running from here on.
    /// The caller starts one worker per task and reports `workerEnded` if a start fails.
    ///
    /// A task that a limit rejects waits for the next cycle. Its limit keeps counting, so
    /// no lower-priority task of the same group takes the slot in this cycle.
    public mutating func planStarts() -> [QueuedTask] {
        var started: [QueuedTask] = []
        globalWait = nil
        while next < order.count {
            let index = order[next]
            guard case .queued = entries[index].state else {
                next += 1
                continue
            }
            guard running.count < options.maxWorkers else {
                globalWait = WaitingTask.Reason(limit: Self.globalLimitName, count: running.count, max: options.maxWorkers)
                break
            }
            let task = entries[index].task
            if let reason = statistics.rejection(of: task) {
                entries[index].state = .waiting(reason)
            } else {
                statistics.count(task)
                running[task.taskID] = task
                entries[index].state = .started
                started.append(task)
            }
            next += 1
        }
        return started
    }

    /// A worker finished, died or failed to start: its global slot is free at once, its
    /// other limits' slots at the next cycle (HEAD fairness).
    public mutating func workerEnded(taskID: String) {
        running[taskID] = nil
    }

    /// This cycle's tasks that are neither started nor cancelled, in priority order, with
    /// why each waits (the `status` command).
    public var waitingTasks: [WaitingTask] {
        order.compactMap { index -> WaitingTask? in
            let waitingFor: WaitingTask.Reason?
            switch entries[index].state {
            case .started, .cancelled: return nil
            case .waiting(let reason): waitingFor = reason
            case .queued: waitingFor = globalWait
            }
            return WaitingTask(taskID: entries[index].task.taskID, priority: entries[index].priority, waitingFor: waitingFor)
        }
    }

    private static func printableTaskID(_ record: JSONValue) -> String? {
        guard let taskID = record["task_id"]?.stringValue else { return nil }
        return try? TaskFieldRules.printable(taskID, field: "task_id", maximumLength: 200)
    }
}
