/// The running workers counted per limit and group for one cycle.
///
/// HEAD rebuilds these every cycle and never decrements them within one: a slot freed
/// mid-cycle is reused only after the next fetch. That is what keeps the queue fair:
/// once a limit rejects a task, every lower-priority task of the same group is rejected
/// too for the rest of the cycle, so none of them takes the slot.
struct LimitStatistics: Sendable {
    let limits: [WorkerLimit]
    /// One dictionary per limit, group → running workers.
    private var counts: [[String: Int]]

    init(limits: [WorkerLimit], running: some Sequence<QueuedTask>) {
        self.limits = limits
        counts = Array(repeating: [:], count: limits.count)
        for task in running { count(task) }
    }

    /// The first limit, in configuration order, that has no room for `task`.
    func rejection(of task: QueuedTask) -> WaitingTask.Reason? {
        for (index, limit) in limits.enumerated() {
            guard let group = limit.group(of: task) else { continue }
            let count = counts[index][group, default: 0]
            if count >= limit.max { return WaitingTask.Reason(limit: limit.name, count: count, max: limit.max) }
        }
        return nil
    }

    /// Counts `task` as running in every limit that concerns it.
    mutating func count(_ task: QueuedTask) {
        for (index, limit) in limits.enumerated() {
            guard let group = limit.group(of: task) else { continue }
            counts[index][group, default: 0] += 1
        }
    }
}
