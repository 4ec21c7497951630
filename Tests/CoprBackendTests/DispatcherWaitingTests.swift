@testable import CoprBackend
import Foundation
import Testing

/// What the daemon tells the embedded frontend about waiting tasks: each queued task's
/// place and the scheduler's reason in words, and running builds still getting a builder.
@Suite("Dispatcher: what waiting tasks wait for")
struct DispatcherWaitingTests {
    @Test("queued tasks keep their place in the whole queue with their reason; a build allocating a host waits for a free builder without a place")
    func waitingPlaces() {
        let places = Dispatcher.waitingPlaces(
            queued: [
                (1, WaitingTask(taskID: "3", priority: 0, waitingFor: WaitingTask.Reason(limit: "builds_max_workers", count: 2, max: 2))),
                (7, WaitingTask(taskID: "4-fedora-41-x86_64", priority: 1, waitingFor: WaitingTask.Reason(limit: "owner", count: 4, max: 4))),
                (9, WaitingTask(taskID: "5", priority: 2, waitingFor: nil)),
            ],
            running: [(taskID: "1", phase: .allocatingHost), (taskID: "2", phase: .building)])
        #expect(places == [
            "3": .init(position: 1, waitingFor: "a free builder: all 2 builds the daemon runs at once are running (builds_max_workers)"),
            "4-fedora-41-x86_64": .init(position: 7, waitingFor: "the limit owner: 4 of 4 builds it allows are running"),
            "5": .init(position: 9, waitingFor: "the daemon's next cycle"),
            "1": .init(position: nil, waitingFor: "no builder free yet: waiting for one to be allocated"),
        ])
    }
}
