import CoprBackend
import CoprCore
import CoprFrontend

/// The embedded frontend's view of the dispatcher's queue (``QueueReporter``), in the same
/// process: the frontend knows only the protocol, the dispatcher knows nothing of it. The
/// dispatcher is made after the frontend, so it is set once it exists; until then no task
/// has a place.
struct DispatcherQueueReporter: QueueReporter {
    let dispatcher: LockedValue<Dispatcher?>

    func places(of tasks: [TaskID]) async -> [TaskID: QueuePlace] {
        guard let dispatcher = dispatcher.value else { return [:] }
        let places = await dispatcher.waitingPlaces(of: Set(tasks.map(\.description)))
        var found: [TaskID: QueuePlace] = [:]
        for task in tasks {
            if let place = places[task.description] { found[task] = QueuePlace(position: place.position, waitingFor: place.waitingFor) }
        }
        return found
    }
}
