import CoprCore
import Testing
@testable import CoprBackend

@Suite("Scheduling: worker limits")
struct SchedulingLimitTests {
    typealias F = SchedulingFixtures
    typealias Reason = WaitingTask.Reason

    @Test("arch limit: i686 counts as x86_64, other arches are not held back")
    func archLimit() {
        let records = [
            F.rpm(1), F.rpm(2, chroot: "fedora-41-i686", owner: "bob"), F.rpm(3, owner: "carol"),
            F.rpm(4, chroot: "fedora-41-aarch64"),
        ]
        let (scheduler, started) = F.plan(records) { $0.maxWorkersPerArch = [.init("x86_64", max: 2)] }
        #expect(started == ["1-fedora-41-x86_64", "2-fedora-41-i686", "4-fedora-41-aarch64"])
        #expect(F.reasons(scheduler) == ["3-fedora-41-x86_64": Reason(limit: "arch_x86_64", count: 2, max: 2)])
    }

    @Test("tag limit counts the tasks that carry the tag")
    func tagLimit() {
        let records = [F.rpm(1, tags: ["power9", "big"]), F.rpm(2, tags: ["power9"]), F.rpm(3, tags: ["big"])]
        let (scheduler, started) = F.plan(records) { $0.maxWorkersPerTag = [.init("power9", max: 1)] }
        #expect(started == ["1-fedora-41-x86_64", "3-fedora-41-x86_64"])
        #expect(F.reasons(scheduler) == ["2-fedora-41-x86_64": Reason(limit: "tag_power9", count: 1, max: 1)])
    }

    @Test("arch-per-owner limit holds one owner's builds of that arch only")
    func archPerOwnerLimit() {
        let records = [
            F.rpm(1, chroot: "fedora-41-s390x"), F.rpm(2, chroot: "fedora-41-s390x"),
            F.rpm(3, chroot: "fedora-41-s390x", owner: "bob"), F.rpm(4),
        ]
        let (scheduler, started) = F.plan(records) { $0.maxWorkersPerArchAndOwner = [.init("s390x", max: 1)] }
        #expect(started == ["1-fedora-41-s390x", "3-fedora-41-s390x", "4-fedora-41-x86_64"])
        #expect(F.reasons(scheduler) == ["2-fedora-41-s390x": Reason(limit: "arch_s390x_owner", count: 1, max: 1)])
    }

    @Test("sandbox limit: tasks without a sandbox are not limited")
    func sandboxLimit() {
        let unsandboxed = F.without(F.srpm(4), "sandbox")
        let records = [F.rpm(1), F.rpm(2), F.rpm(3, chroot: "fedora-41-aarch64"), unsandboxed]
        let (scheduler, started) = F.plan(records) { $0.maxWorkersPerSandbox = 2 }
        #expect(started == ["4", "1-fedora-41-x86_64", "3-fedora-41-aarch64"])
        #expect(F.reasons(scheduler) == ["2-fedora-41-x86_64": Reason(limit: "sandbox", count: 2, max: 2)])
    }

    @Test("owner limit counts across the owner's sandboxes")
    func ownerLimit() {
        let records = [F.rpm(1, sandbox: "alice/a--alice"), F.rpm(2, sandbox: "alice/b--alice"), F.rpm(3, owner: "bob")]
        let (scheduler, started) = F.plan(records) { $0.maxWorkersPerOwner = 1 }
        #expect(started == ["1-fedora-41-x86_64", "3-fedora-41-x86_64"])
        #expect(F.reasons(scheduler) == ["2-fedora-41-x86_64": Reason(limit: "owner", count: 1, max: 1)])
    }

    @Test("blocked owners never start, whatever else is free")
    func blockedOwners() {
        let records = [F.srpm(1, owner: "mallory"), F.rpm(2, owner: "mallory"), F.rpm(3)]
        let (scheduler, started) = F.plan(records) { $0.blockedOwners = ["mallory"] }
        #expect(started == ["3-fedora-41-x86_64"])
        #expect(F.reasons(scheduler) == [
            "1": Reason(limit: "blocked_users", count: 0, max: 0),
            "2-fedora-41-x86_64": Reason(limit: "blocked_users", count: 0, max: 0),
        ])
    }

    @Test("userssh limit counts only RPM tasks that allow user SSH")
    func userSSHLimit() {
        let records = [
            F.srpm(1, userSSH: true), F.srpm(2, userSSH: true),
            F.rpm(3, userSSH: true), F.rpm(4, userSSH: true), F.rpm(5),
        ]
        let (scheduler, started) = F.plan(records) { $0.maxUserSSH = 1 }
        #expect(started == ["1", "2", "3-fedora-41-x86_64", "5-fedora-41-x86_64"])
        #expect(F.reasons(scheduler) == ["4-fedora-41-x86_64": Reason(limit: "userssh", count: 1, max: 1)])
    }

    @Test("limits are checked in upstream's order; the first full one is the reason")
    func limitOrder() throws {
        let running = [try F.task(F.rpm(1)), try F.task(F.rpm(2, tags: ["t"]))]
        let records = [F.rpm(3, tags: ["t"]), F.rpm(4)]
        let (scheduler, started) = F.plan(records, running: running) {
            $0.maxWorkersPerArch = [.init("x86_64", max: 5)]
            $0.maxWorkersPerTag = [.init("t", max: 1)]
            $0.maxWorkersPerArchAndOwner = [.init("x86_64", max: 2)]
            $0.maxWorkersPerSandbox = 2
            $0.maxWorkersPerOwner = 2
        }
        #expect(started.isEmpty)
        #expect(F.reasons(scheduler) == [
            "3-fedora-41-x86_64": Reason(limit: "tag_t", count: 1, max: 1),
            "4-fedora-41-x86_64": Reason(limit: "arch_x86_64_owner", count: 2, max: 2),
        ])
        #expect(WorkerLimit.configured(by: F.options {
            $0.maxWorkersPerArch = [.init("x86_64", max: 5)]
            $0.maxWorkersPerTag = [.init("t", max: 1)]
            $0.maxWorkersPerArchAndOwner = [.init("s390x", max: 2)]
        }).map(\.name) == ["arch_x86_64", "tag_t", "arch_s390x_owner", "sandbox", "owner", "blocked_users", "userssh"])
    }

    @Test("the global maximum stops planning; a worker that ends frees its slot at once")
    func globalMaximum() {
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 2 })
        _ = scheduler.beginCycle(pendingRecords: [F.srpm(1), F.srpm(2), F.srpm(3), F.srpm(4)])
        #expect(scheduler.planStarts().map(\.taskID) == ["1", "2"])
        let full = Reason(limit: "builds_max_workers", count: 2, max: 2)
        #expect(scheduler.waitingTasks == [
            WaitingTask(taskID: "3", priority: 3, waitingFor: full), WaitingTask(taskID: "4", priority: 4, waitingFor: full),
        ])
        #expect(scheduler.planStarts().isEmpty)
        scheduler.workerEnded(taskID: "1")
        #expect(scheduler.planStarts().map(\.taskID) == ["3"])
        #expect(scheduler.waitingTasks.map(\.taskID) == ["4"])
    }

    @Test("a rejected task keeps its slot: a freed slot goes to a task of another group, never to a lower-priority one of the same")
    func rejectedTaskKeepsItsSlot() throws {
        let running = try ["alice", "carol", "dave"].enumerated().map { index, owner in try F.task(F.rpm(100 + index, owner: owner)) }
        let records = [F.srpm(1), F.srpm(2, owner: "bob"), F.srpm(3)]
        var scheduler = Scheduler(options: F.options { $0.maxWorkers = 3; $0.maxWorkersPerOwner = 1 }, running: running)
        _ = scheduler.beginCycle(pendingRecords: records)
        #expect(scheduler.planStarts().isEmpty)

        // Two workers end mid-cycle, one of them alice's. Her owner count is only recounted
        // at the next fetch, so neither of her tasks takes a freed slot; bob's task does.
        scheduler.workerEnded(taskID: "100-fedora-41-x86_64")
        scheduler.workerEnded(taskID: "102-fedora-41-x86_64")
        #expect(scheduler.planStarts().map(\.taskID) == ["2"])
        #expect(F.reasons(scheduler) == [
            "1": Reason(limit: "owner", count: 1, max: 1), "3": Reason(limit: "owner", count: 1, max: 1),
        ])

        // Next cycle: the statistics are recounted from the running workers.
        scheduler.workerEnded(taskID: "101-fedora-41-x86_64")
        _ = scheduler.beginCycle(pendingRecords: records)
        #expect(scheduler.planStarts().map(\.taskID) == ["1"])
        #expect(F.reasons(scheduler) == ["3": Reason(limit: "owner", count: 1, max: 1)])
    }

    @Test("running tasks count against the limits and are never started twice")
    func runningTasks() throws {
        let running = try F.task(F.rpm(1))
        let records = [F.rpm(1), F.rpm(2), F.rpm(3, owner: "bob")]
        let plan = F.plan(records, running: [running]) { $0.maxWorkersPerOwner = 1 }
        var scheduler = plan.scheduler
        #expect(plan.started == ["3-fedora-41-x86_64"])
        #expect(scheduler.waitingTasks.map(\.taskID) == ["2-fedora-41-x86_64"])

        _ = scheduler.beginCycle(pendingRecords: records)
        #expect(scheduler.planStarts().isEmpty)
        #expect(Set(scheduler.running.keys) == ["1-fedora-41-x86_64", "3-fedora-41-x86_64"])
    }

    @Test("a running task the frontend no longer lists still counts against the limits")
    func unlistedRunningTask() throws {
        let (_, started) = F.plan([F.rpm(2)], running: [try F.task(F.rpm(1))]) { $0.maxWorkersPerOwner = 1 }
        #expect(started.isEmpty)
    }

    @Test("with thousands of tasks no limit is exceeded and every waiting task names a full limit")
    func manyTasks() {
        let chroots = ["fedora-41-x86_64", "fedora-41-aarch64", "fedora-41-s390x", "fedora-41-i686"]
        let records = (1...10_000).map { build in
            F.rpm(build, chroot: chroots[build % 4], owner: "owner\(build % 47)", sandbox: "owner\(build % 47)/p\(build % 3)--u")
        }
        let (scheduler, started) = F.plan(records) {
            $0.maxWorkers = 200
            $0.maxWorkersPerArch = [.init("x86_64", max: 60)]
            $0.maxWorkersPerArchAndOwner = [.init("s390x", max: 1)]
            $0.maxWorkersPerOwner = 5
        }
        let tasks = started.compactMap { scheduler.running[$0] }
        let perOwner = Dictionary(grouping: tasks, by: \.owner)
        #expect(started.count == 200)
        #expect(perOwner.count == 47 && perOwner.values.allSatisfy { $0.count <= 5 })
        #expect(tasks.filter { $0.requestedArch == "x86_64" }.count <= 60)
        #expect(perOwner.values.allSatisfy { $0.filter { $0.requestedArch == "s390x" }.count <= 1 })
        let waiting = scheduler.waitingTasks
        #expect(waiting.count == 10_000 - 200)
        #expect(waiting.allSatisfy { $0.waitingFor.map { $0.count >= $0.max } == true })
        #expect(zip(waiting, waiting.dropFirst()).allSatisfy { $0.priority <= $1.priority })
    }
}
