import CoprCore

/// The build dispatcher's queue and limits (upstream's `WorkerManager` at HEAD) as a
/// plain value: one mutating function per event, each returning what the caller must do.
/// No I/O and no clocks; the daemon fetches, starts and cancels.
///
/// One cycle: `fetchBegins()` before the `pending-jobs` request is sent, then
/// `beginCycle(pendingRecords:fetchedAt:)` with its answer, then `cancelRequested(taskID:)`
/// for each cancel request, then `planStarts()`. When a worker ends mid-cycle,
/// `workerEnded(taskID:)` frees its global slot and `planStarts()` may be called again; the
/// other limits free their slots only at the next `beginCycle`. After a failed fetch, skip
/// `beginCycle` and keep planning from the current queue, as upstream keeps its queue when
/// the fetched list is empty.
///
/// A frontend lists running tasks in `pending-jobs` until their final update arrives, and
/// the fetch takes time: a worker can end (final update sent, slot freed) while the answer
/// is on its way. Such an answer still lists the task, so it would start a second time.
/// The fetch mark says which endings the answer cannot know of; their tasks are not taken
/// from it (a later fetch, begun after the ending, no longer lists them).
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
        /// Listed tasks whose worker ended after the fetch began: the list is older than
        /// their final state, so they are not queued from it.
        public var endedDuringFetch: [String] = []
    }

    /// The moment a `pending-jobs` fetch began, in the scheduler's count of ended workers.
    public struct FetchMark: Sendable, Equatable {
        fileprivate let endings: Int
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
            case queued, cancelled
            /// Has a worker: already at the fetch, or started by `planStarts()`.
            case running
            case waiting(WaitingTask.Reason)
        }

        let task: QueuedTask
        let priority: Int
        var state: State
    }

    /// Where a fetch put a task: which fetch, and the index in `entries`.
    private struct Position {
        let fetch: Int
        let index: Int
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
    /// This cycle's tasks in fetch order.
    private var entries: [Entry] = []
    /// Task id → where the last fetch put it. Kept from one fetch to the next, so that a
    /// single lookup per record tells a duplicate, a new task and its place in `entries`.
    private var positions: [String: Position] = [:]
    /// Counts the fetches, to tell this fetch's positions from the previous one's.
    private var fetch = 0
    /// Indices into `entries` in priority order; `order[next...]` are not yet considered.
    private var order: [Int] = []
    private var next = 0
    /// Set when the last `planStarts()` stopped at the global maximum.
    private var globalWait: WaitingTask.Reason?
    /// How many workers have ended so far; a `FetchMark` is a value of this counter.
    private var endings = 0
    /// Task id → the value of `endings` its worker ended with, for the endings that a
    /// fetch in flight may not know of yet. Pruned at each `beginCycle`.
    private var recentEndings: [String: Int] = [:]

    /// `running`: workers that already exist, e.g. ones that survived a daemon restart.
    public init(options: SchedulingOptions, running: [QueuedTask] = []) {
        self.options = options
        self.running = Dictionary(running.map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        statistics = LimitStatistics(limits: WorkerLimit.configured(by: options), running: running)
    }

    /// Marks the start of a `pending-jobs` fetch; pass the mark to `beginCycle` with the
    /// answer.
    public func fetchBegins() -> FetchMark {
        FetchMark(endings: endings)
    }

    /// Replaces the queue with the records fetched since `mark` and recounts the limits
    /// from the running workers (HEAD `clean_tasks` + `add_task`). Running tasks are not
    /// queued again, but like upstream they take their place in the priority counters.
    /// Tasks whose worker ended after `mark` are left out (`Intake.endedDuringFetch`).
    public mutating func beginCycle(pendingRecords records: [JSONValue], fetchedAt mark: FetchMark) -> Intake {
        var intake = Intake()
        let endedDuringFetch = recentEndings.filter { $0.value > mark.endings }
        recentEndings = endedDuringFetch
        var counters: [PriorityGroup: Int] = [:]
        fetch += 1
        let previous = entries
        entries = []
        entries.reserveCapacity(records.count)
        positions.reserveCapacity(records.count)
        for (position, record) in records.enumerated() {
            let task: QueuedTask
            if let unchanged = unchangedTask(record, in: previous) {
                task = unchanged
            } else {
                do {
                    task = try QueuedTask(record: record)
                } catch {
                    intake.skipped.append(SkippedRecord(position: position, taskID: Self.printableTaskID(record), reason: "\(error)"))
                    continue
                }
            }
            if endedDuringFetch[task.taskID] != nil {
                intake.endedDuringFetch.append(task.taskID)
                continue
            }
            let earlier = positions.updateValue(Position(fetch: fetch, index: entries.count), forKey: task.taskID)
            if let earlier, earlier.fetch == fetch {
                positions[task.taskID] = earlier
                intake.skipped.append(SkippedRecord(
                    position: position, taskID: task.taskID, reason: "duplicate task_id: the same fetch listed it earlier"))
                continue
            }
            if earlier == nil { intake.newTaskIDs.append(task.taskID) }
            let group = PriorityGroup(
                background: task.isBackground, owner: task.owner, arch: task.requestedArch ?? "srpm", sandbox: task.sandbox)
            let priority = task.frontendPriority + Self.increment(&counters[group, default: 0])
            entries.append(Entry(task: task, priority: priority, state: .queued))
        }
        // Forget what this fetch no longer lists, so that next time a missing position
        // means a new task.
        for taskID in positions.compactMap({ $0.value.fetch == fetch ? nil : $0.key }) {
            positions[taskID] = nil
        }
        for taskID in running.keys {
            if let position = positions[taskID] { entries[position.index].state = .running }
        }
        order = Self.priorityOrder(entries)
        next = 0
        globalWait = nil
        statistics = LimitStatistics(limits: statistics.limits, running: running.values)
        return intake
    }

    /// The task the previous fetch made of the very same record: most of a queue is listed
    /// again unchanged every cycle, and comparing a record is cheaper than checking it.
    private func unchangedTask(_ record: JSONValue, in previous: [Entry]) -> QueuedTask? {
        guard let taskID = record["task_id"]?.stringValue, let position = positions[taskID], position.fetch == fetch - 1,
              position.index < previous.count, previous[position.index].task.record == record
        else { return nil }
        return previous[position.index].task
    }

    /// Routes one cancel request: a waiting task is dropped from this cycle, a running one
    /// needs its worker cancelled.
    public mutating func cancelRequested(taskID: String) -> CancelAction {
        if running[taskID] != nil { return .cancelWorker }
        guard let index = positions[taskID]?.index else { return .unknown }
        switch entries[index].state {
        case .running, .cancelled:
            return .unknown
        case .queued, .waiting:
            entries[index].state = .cancelled
            return .droppedFromQueue
        }
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
            if let reason = statistics.rejection(of: entries[index].task) {
                entries[index].state = .waiting(reason)
            } else {
                let task = entries[index].task
                statistics.count(task)
                running[task.taskID] = task
                entries[index].state = .running
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
        endings += 1
        recentEndings[taskID] = endings
    }

    /// This cycle's tasks that are neither started nor cancelled, in priority order, with
    /// why each waits (the `status` command).
    public var waitingTasks: [WaitingTask] {
        order.compactMap(waitingTask(at:))
    }

    /// The waiting tasks among `taskIDs`, each with its position among all waiting tasks
    /// (1: the next to start). Walks the queue only until it has found them all, so that a
    /// user asking about one build does not cost a pass over a long queue.
    public func waitingTasks(among taskIDs: Set<String>) -> [(position: Int, task: WaitingTask)] {
        var found: [(position: Int, task: WaitingTask)] = []
        var position = 0
        for index in order {
            guard found.count < taskIDs.count else { break }
            guard let task = waitingTask(at: index) else { continue }
            position += 1
            if taskIDs.contains(task.taskID) { found.append((position, task)) }
        }
        return found
    }

    /// The entry at `index` of `entries` as a waiting task; nil once started or cancelled.
    private func waitingTask(at index: Int) -> WaitingTask? {
        let waitingFor: WaitingTask.Reason?
        switch entries[index].state {
        case .running, .cancelled: return nil
        case .waiting(let reason): waitingFor = reason
        case .queued: waitingFor = globalWait
        }
        return WaitingTask(taskID: entries[index].task.taskID, priority: entries[index].priority, waitingFor: waitingFor)
    }

    /// Indices into `entries` by priority, ties by fetch order. Each entry becomes one
    /// integer, priority in the high bits and index in the low 32, because sorting plain
    /// integers is several times faster than a comparison closure over 100,000 entries.
    /// Priorities stay far below 2^31 (four bands of a million plus one counter).
    private static func priorityOrder(_ entries: [Entry]) -> [Int] {
        var keys = entries.indices.map { entries[$0].priority << 32 | $0 }
        keys.sort()
        return keys.map { $0 & 0xFFFF_FFFF }
    }

    /// Adds one in place, with a single dictionary lookup when used on a subscript.
    private static func increment(_ counter: inout Int) -> Int {
        counter += 1
        return counter
    }

    /// How many tasks wait, by requested arch (`noarch` for source builds without one) and
    /// owner: the queue-depth metric.
    public var queueDepths: [QueueDepthKey: Int] {
        var depths: [QueueDepthKey: Int] = [:]
        for entry in entries {
            switch entry.state {
            case .running, .cancelled: continue
            case .queued, .waiting: depths[QueueDepthKey(arch: entry.task.requestedArch ?? "noarch", owner: entry.task.owner), default: 0] += 1
            }
        }
        return depths
    }

    private static func printableTaskID(_ record: JSONValue) -> String? {
        guard let taskID = record["task_id"]?.stringValue else { return nil }
        return TaskRules.shown(taskID)
    }
}
