@testable import CoprBackend
import Foundation
import Testing

/// What the daemon tells the embedded frontend about waiting tasks: each queued task's
/// place and the scheduler's reason in words, and running builds still getting a builder.
@Suite("Dispatcher: what waiting tasks wait for")
struct DispatcherWaitingTests {
    @Test("queued tasks are numbered from 1 with their reason; a build allocating a host waits for a free builder without a place")
    func waitingTasks() {
        let status = Dispatcher.Status(
            queue: [
                WaitingTask(taskID: "3", priority: 0, waitingFor: WaitingTask.Reason(limit: "builds_max_workers", count: 2, max: 2)),
                WaitingTask(taskID: "4-fedora-41-x86_64", priority: 1, waitingFor: WaitingTask.Reason(limit: "owner", count: 4, max: 4)),
                WaitingTask(taskID: "5", priority: 2, waitingFor: nil),
            ],
            running: [
                Dispatcher.RunningBuild(taskID: "1", phase: .allocatingHost, host: nil, attempt: 1, startedOn: Date()),
                Dispatcher.RunningBuild(taskID: "2", phase: .building, host: "local", attempt: 1, startedOn: Date()),
            ])
        let waiting = status.waitingTasks
        #expect(waiting.map(\.taskID) == ["3", "4-fedora-41-x86_64", "5", "1"])
        #expect(waiting.map(\.position) == [1, 2, 3, nil])
        #expect(waiting.map(\.waitingFor) == [
            "a free builder: all 2 builds the daemon runs at once are running (builds_max_workers)",
            "the limit owner: 4 of 4 builds it allows are running",
            "the daemon's next cycle",
            "no builder free yet: waiting for one to be allocated",
        ])
    }
}
