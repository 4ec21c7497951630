import CoprCore
import Foundation
import Testing
@testable import CoprBackend

@Suite("Scheduling: pending-jobs records, cancel requests, status")
struct SchedulingRecordTests {
    typealias F = SchedulingFixtures

    @Test("requested arch and the worker's chroot follow HEAD")
    func derivedFields() throws {
        let i386 = try F.task(F.rpm(1, chroot: "epel-7-i386"))
        #expect(i386.requestedArch == "x86_64")
        #expect(i386.workerChroot == "epel-7-i386")
        #expect(!i386.isSourceBuild)
        #expect(try F.task(F.rpm(1, chroot: "fedora-rawhide-ppc64le")).requestedArch == "ppc64le")
        let plain = try F.task(F.srpm(2))
        #expect(plain.requestedArch == nil)
        #expect(plain.workerChroot == "srpm-builds")
        let custom = try F.task(F.srpm(3, chroot: "fedora-41-aarch64"))
        #expect(custom.isSourceBuild)
        #expect(custom.requestedArch == "aarch64")
        #expect(custom.workerChroot == "srpm-builds")
    }

    @Test("malformed records are skipped with a reason", arguments: [
        (SchedulingFixtures.without(SchedulingFixtures.rpm(1), "project_owner"), "Invalid project_owner"),
        (SchedulingFixtures.without(SchedulingFixtures.rpm(1), "task_id"), "Invalid task_id"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["build_id": "one"]), "Invalid build_id"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["build_id": 2]), "expected '2-fedora-41-x86_64'"),
        (SchedulingFixtures.with(SchedulingFixtures.srpm(1), ["build_id": 2]), "expected '2'"),
        (SchedulingFixtures.without(SchedulingFixtures.rpm(1), "chroot"), "Invalid chroot: an RPM task needs one"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["background": "yes"]), "Invalid background"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["allow_user_ssh": 1]), "Invalid allow_user_ssh"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["tags": "big"]), "Invalid tags"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["priority": 5_000_000]), "Invalid priority"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["project_owner": "ali\nce"]), "control characters"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["sandbox": .string(String(repeating: "s", count: 301))]), "at most 300"),
        (SchedulingFixtures.with(SchedulingFixtures.rpm(1), ["chroot": "fedora-41-../x86_64", "task_id": "1-fedora-41-../x86_64"]), "Invalid chroot"),
        (JSONValue.array([]), "expected a JSON object"),
    ])
    func malformedRecords(record: JSONValue, reason: String) {
        var scheduler = Scheduler(options: F.options())
        let intake = scheduler.beginCycle(pendingRecords: [F.srpm(7), record, F.srpm(8)])
        #expect(intake.skipped.count == 1)
        #expect(intake.skipped.first?.position == 1)
        #expect(intake.skipped.first?.reason.contains(reason) == true, "\(intake.skipped)")
        #expect(scheduler.planStarts().map(\.taskID) == ["7", "8"])
    }

    @Test("a task listed twice in one fetch is scheduled once; the duplicate is reported")
    func duplicates() {
        var scheduler = Scheduler(options: F.options())
        let intake = scheduler.beginCycle(pendingRecords: [F.srpm(7), F.rpm(8), F.srpm(7, background: true)])
        #expect(intake.skipped == [Scheduler.SkippedRecord(
            position: 2, taskID: "7", reason: "duplicate task_id: the same fetch listed it earlier")])
        #expect(intake.newTaskIDs == ["7", "8-fedora-41-x86_64"])
        #expect(scheduler.waitingTasks.map(\.priority) == [1, 1_000_001])
    }

    @Test("cancel requests: a waiting task is dropped, a running one needs its worker cancelled")
    func cancelRequests() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 1 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3)])
        #expect(scheduler.cancelRequested(taskID: "2") == .droppedFromQueue)
        #expect(scheduler.cancelRequested(taskID: "2") == .unknown)
        #expect(scheduler.cancelRequested(taskID: "9") == .unknown)
        #expect(scheduler.planStarts().map(\.taskID) == ["1"])
        #expect(scheduler.cancelRequested(taskID: "1") == .cancelWorker)
        #expect(scheduler.waitingTasks.map(\.taskID) == ["3"])
        scheduler.workerEnded(taskID: "1")
        #expect(scheduler.cancelRequested(taskID: "1") == .unknown)
        #expect(scheduler.planStarts().map(\.taskID) == ["3"])
    }

    @Test("a list fetched before a worker ended never starts that task again")
    func endedDuringFetch() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 5 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2)])
        #expect(scheduler.planStarts().map(\.taskID) == ["1", "2"])
        // The fetch begins while 1 and 2 run; 1 ends before the answer is taken in, and
        // the answer still lists both (a frontend lists running tasks).
        let mark = scheduler.fetchBegins()
        scheduler.workerEnded(taskID: "1")
        let intake = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3)], fetchedAt: mark)
        #expect(intake.endedDuringFetch == ["1"])
        #expect(intake.skipped.isEmpty)
        #expect(scheduler.planStarts().map(\.taskID) == ["3"])
        #expect(scheduler.waitingTasks.isEmpty)
        // A fetch begun after the ending takes the task again if the frontend still
        // lists it (its final update was lost): only a list older than the ending is ignored.
        scheduler.workerEnded(taskID: "3")
        let later = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2)])
        #expect(later.endedDuringFetch.isEmpty)
        #expect(later.newTaskIDs == ["1"])
        #expect(scheduler.planStarts().map(\.taskID) == ["1"])
    }

    @Test("endings during two fetches in a row: each list leaves out only what ended after it began")
    func endingsAcrossFetches() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 5 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3)])
        _ = scheduler.planStarts()
        let first = scheduler.fetchBegins()
        scheduler.workerEnded(taskID: "1")
        let second = scheduler.fetchBegins()
        scheduler.workerEnded(taskID: "2")
        #expect(scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3)], fetchedAt: first).endedDuringFetch == ["1", "2"])
        #expect(scheduler.planStarts().isEmpty)
        #expect(scheduler.beginCycle(pendingRecords: [F.srpm(2), F.srpm(3)], fetchedAt: second).endedDuringFetch == ["2"])
        #expect(scheduler.planStarts().isEmpty)
        #expect(scheduler.running.keys.sorted() == ["3"])
    }

    @Test("a task listed again unchanged keeps what was read of it; a changed record is read anew, a broken one refused")
    func relistedTasks() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 0 })
        _ = scheduler.beginCycle(pendingRecords: [F.rpm(1), F.rpm(2, owner: "bob")])
        #expect(scheduler.waitingTasks.map(\.priority) == [1_000_001, 1_000_001])
        // The same records again, then task 1 moved to the background and task 2 broken.
        _ = scheduler.beginCycle(pendingRecords: [F.rpm(1), F.rpm(2, owner: "bob")])
        #expect(scheduler.waitingTasks.map(\.priority) == [1_000_001, 1_000_001])
        let intake = scheduler.beginCycle(pendingRecords: [F.rpm(1, background: true), F.rpm(2, owner: "b/o/b")])
        #expect(scheduler.waitingTasks.map(\.taskID) == ["1-fedora-41-x86_64"])
        #expect(scheduler.waitingTasks.map(\.priority) == [3_000_001])
        #expect(intake.skipped.map(\.taskID) == ["2-fedora-41-x86_64"])
    }

    @Test("a task waiting for a limit can be cancelled too")
    func cancelLimitedTask() {
        var (scheduler, _) = F.plan([F.srpm(1), F.srpm(2)]) { $0.maxWorkersPerOwner = 1 }
        #expect(scheduler.waitingTasks.map(\.taskID) == ["2"])
        #expect(scheduler.cancelRequested(taskID: "2") == .droppedFromQueue)
        #expect(scheduler.waitingTasks.isEmpty)
    }

    @Test("status entries encode task_id, priority and waiting_for with limit, count and max")
    func statusJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var scheduler = Scheduler(options: F.options { $0.maxWorkersPerOwner = 1 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2)])
        #expect(String(decoding: try encoder.encode(scheduler.waitingTasks), as: UTF8.self)
            == #"[{"priority":1,"task_id":"1","waiting_for":null},{"priority":2,"task_id":"2","waiting_for":null}]"#)
        _ = scheduler.planStarts()
        #expect(String(decoding: try encoder.encode(scheduler.waitingTasks), as: UTF8.self)
            == #"[{"priority":2,"task_id":"2","waiting_for":{"count":1,"limit":"owner","max":1}}]"#)
    }
}
