import CoprBackend
import CoprCore
import CoprFrontend

/// The daemon's farm status for the embedded frontend's status page, read in process: the
/// frontend is opened before the dispatcher and the action dispatcher exist, so the
/// reader is set once they do (`nil` until then, and the page says the daemon's status
/// is not available).
struct DaemonFarmSource: FarmStatusSource {
    let reader: LockedValue<FarmStatus.Reader?>

    func snapshot() async -> FarmSnapshot? {
        guard let reader = reader.value else { return nil }
        return FarmSnapshot(await reader.read())
    }
}

extension FarmSnapshot {
    /// The page's copy of the daemon's status.
    init(_ status: FarmStatus) {
        self.init(
            running: status.running.map {
                Running(taskID: $0.taskID, phase: $0.phase.rawValue, host: $0.host, attempt: $0.attempt, startedOn: $0.startedOn)
            },
            queue: status.queue.map { task in
                Waiting(
                    taskID: task.taskID, priority: task.priority,
                    reason: task.waitingFor.map { Waiting.Reason(limit: $0.limit, count: $0.count, max: $0.max) })
            },
            builders: status.builders.map {
                Builder(name: $0.name, address: $0.address, tags: $0.tags, slots: $0.slots, busy: $0.busy, local: $0.local)
            },
            recentFailures: status.recentFailures.map {
                Failure(taskID: $0.taskID, kind: $0.kind, reason: $0.reason, builder: $0.builder, endedOn: $0.endedOn)
            },
            backlog: status.eventBacklog.map { Backlog(count: $0.count, oldest: $0.oldest) },
            actions: status.actions.map { Actions(waiting: $0.waiting, running: $0.running, unreported: $0.unreported) })
    }
}
