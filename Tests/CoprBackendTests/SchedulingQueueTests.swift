import CoprCore
import Testing
@testable import CoprBackend

@Suite("Scheduling: queue order and priorities")
struct SchedulingQueueTests {
    typealias F = SchedulingFixtures

    @Test("SRPM tasks start before RPM tasks, background tasks after both")
    func priorityBands() {
        let records = [F.rpm(1, background: true), F.srpm(2, background: true), F.rpm(3), F.srpm(4)]
        let (scheduler, started) = F.plan(records)
        #expect(started == ["4", "3-fedora-41-x86_64", "2", "1-fedora-41-x86_64"])
        #expect(scheduler.running.count == 4)
    }

    @Test("the status shows upstream's priority numbers in queue order")
    func priorityNumbers() {
        var scheduler = Scheduler(options: F.options())
        _ = scheduler.beginCycle(pendingRecords: [F.rpm(1, background: true), F.srpm(2, background: true), F.rpm(3), F.srpm(4)])
        #expect(scheduler.waitingTasks == [
            WaitingTask(taskID: "4", priority: 1, waitingFor: nil),
            WaitingTask(taskID: "3-fedora-41-x86_64", priority: 1_000_001, waitingFor: nil),
            WaitingTask(taskID: "2", priority: 2_000_001, waitingFor: nil),
            WaitingTask(taskID: "1-fedora-41-x86_64", priority: 3_000_001, waitingFor: nil),
        ])
    }

    @Test("backend priority counts per background flag, owner, requested arch and sandbox, as upstream's counter")
    func upstreamCounter() {
        func record(_ build: String, _ taskID: String, chroot: String? = nil, owner: String = "cecil", background: Bool = false) -> JSONValue {
            ["build_id": .string(build), "task_id": .string(taskID), "project_owner": .string(owner),
             "background": .bool(background), "chroot": chroot.map { .string($0) } ?? .null]
        }
        var scheduler = Scheduler(options: F.options())
        _ = scheduler.beginCycle(pendingRecords: [
            record("7", "7"),
            record("8", "8"),
            record("88", "88", background: true),
            record("9", "9-fedora-rawhide-x86_64", chroot: "fedora-rawhide-x86_64", background: true),
            record("10", "10-fedora-rawhide-i386", chroot: "fedora-rawhide-i386", background: true),
            record("10", "10-fedora-rawhide-aarch64", chroot: "fedora-rawhide-aarch64", background: true),
            record("11", "11-fedora-rawhide-aarch64", chroot: "fedora-rawhide-aarch64", owner: "bedrich", background: true),
        ])
        let priorities = Dictionary(uniqueKeysWithValues: scheduler.waitingTasks.map { ($0.taskID, $0.priority) })
        #expect(priorities == [
            "7": 1, "8": 2, "88": 2_000_001,
            "9-fedora-rawhide-x86_64": 3_000_001, "10-fedora-rawhide-i386": 3_000_002,
            "10-fedora-rawhide-aarch64": 3_000_001, "11-fedora-rawhide-aarch64": 3_000_001,
        ])
    }

    @Test("one owner's sandboxes take turns instead of one sandbox going first")
    func sandboxInterleaving() {
        let records = [1, 2, 3].map { F.rpm($0, sandbox: "alice/a--alice") } + [4, 5, 6].map { F.rpm($0, sandbox: "alice/b--bob") }
        let (_, started) = F.plan(records)
        #expect(started.map { $0.split(separator: "-")[0] } == ["1", "4", "2", "5", "3", "6"])
    }

    @Test("the record's own priority shifts a task within its band; ties keep fetch order")
    func recordPriority() {
        let late = F.with(F.rpm(1), ["priority": 5])
        let (_, started) = F.plan([late, F.rpm(2, owner: "bob"), F.rpm(3, owner: "carol")])
        #expect(started == ["2-fedora-41-x86_64", "3-fedora-41-x86_64", "1-fedora-41-x86_64"])
    }

    @Test("a new fetch replaces the queue and reports the task ids it did not list before")
    func newFetchReplacesQueue() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 1 })
        let first = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2)])
        #expect(first.newTaskIDs == ["1", "2"])
        #expect(scheduler.planStarts().map(\.taskID) == ["1"])
        let second = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(3)])
        #expect(second.newTaskIDs == ["3"])
        #expect(scheduler.waitingTasks.map(\.taskID) == ["3"])
        #expect(scheduler.beginCycle(pendingRecords: [F.srpm(2), F.srpm(3)]).newTaskIDs == ["2"])
    }

    @Test("a lookup of some waiting tasks gives their places among all waiting tasks, as the whole list numbers them")
    func waitingTasksAmong() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 1 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3), F.srpm(4)])
        #expect(scheduler.planStarts().map(\.taskID) == ["1"])
        let all = scheduler.waitingTasks
        #expect(all.map(\.taskID) == ["2", "3", "4"])
        let some = scheduler.waitingTasks(among: ["4", "2", "1", "9"])
        #expect(some.map(\.position) == [1, 3], "the running task and an unknown one have no place")
        #expect(some.map(\.task) == [all[0], all[2]])
    }
}
