import CoprBackend
import CoprCore
import CoprFrontend

/// The embedded frontend's view of the dispatcher's queue (``QueueReporter``), in the same
/// process: the frontend knows only the protocol, the dispatcher knows nothing of it. The
/// dispatcher is made after the frontend, so it is set once it exists; until then no task
/// has a place.
struct DispatcherQueueReporter: QueueReporter {
    let dispatcher: LockedValue<Dispatcher?>

    func places() async -> [TaskID: QueuePlace] {
        guard let dispatcher = dispatcher.value else { return [:] }
        var places: [TaskID: QueuePlace] = [:]
        for task in await dispatcher.status.waitingTasks {
            guard let id = try? TaskID(task.taskID) else { continue }
            places[id] = QueuePlace(position: task.position, waitingFor: task.waitingFor)
        }
        return places
    }
}
