import Testing
@testable import CoprBackend

@Suite("Action queue")
struct ActionQueueTests {
    private static func deleteBuild(_ owner: String, _ project: String) -> ActionPlan {
        .deleteBuilds(owner: owner, directories: [.init(dirname: project, chroots: [:])], buildIDs: [1], devel: false)
    }

    private static func createrepo(_ owner: String, _ project: String) -> ActionPlan {
        .createrepo(owner: owner, dirnames: [project], chroots: ["fedora-41-x86_64"], devel: false)
    }

    /// Lists `entries`, reads every record from `plans`, and returns the ids started.
    private func cycle(_ queue: inout ActionQueue, _ entries: [PendingAction], _ plans: [Int: ActionPlan]) -> [Int] {
        let mark = queue.fetchBegins()
        for id in queue.listed(entries, fetchedAt: mark) {
            if let plan = plans[id] { queue.recordRead(id, plan: plan) }
        }
        return queue.planStarts().map(\.id)
    }

    @Test("lower priority first, then the frontend's order, at most actions_max_workers at once")
    func priorityAndLimit() {
        var queue = ActionQueue(maxWorkers: 2, blockedOwners: [])
        let entries = [
            PendingAction(id: 1, priority: 60, projectOwner: "a"), PendingAction(id: 2, priority: 0, projectOwner: "b"),
            PendingAction(id: 3, priority: -70, projectOwner: "c"), PendingAction(id: 4, priority: 0, projectOwner: "d"),
        ]
        let plans: [Int: ActionPlan] = [1: Self.createrepo("a", "p"), 2: Self.createrepo("b", "p"), 3: Self.createrepo("c", "p"), 4: Self.createrepo("d", "p")]
        #expect(cycle(&queue, entries, plans) == [3, 2])
        #expect(cycle(&queue, entries, plans) == [])
        queue.ended(3, result: .success)
        #expect(cycle(&queue, entries, plans) == [4])
        queue.ended(2, result: .success)
        queue.ended(4, result: .failure)
        #expect(cycle(&queue, entries, plans) == [1])
        #expect(queue.pendingReports.map(\.id) == [2, 3, 4])
    }

    @Test("actions on one project run one at a time, in the order of their ids, whatever their priorities")
    func oneProjectInIDOrder() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        // The delete has the higher number but comes first by priority; the createrepo
        // of the same project was asked for first, so it runs first, and alone.
        let entries = [
            PendingAction(id: 8, priority: -10, projectOwner: "a"), PendingAction(id: 5, priority: 0, projectOwner: "a"),
            PendingAction(id: 6, priority: 0, projectOwner: "b"),
        ]
        let plans: [Int: ActionPlan] = [8: Self.deleteBuild("a", "p"), 5: Self.createrepo("a", "p"), 6: Self.createrepo("b", "p")]
        #expect(cycle(&queue, entries, plans).sorted() == [5, 6])
        #expect(cycle(&queue, entries, plans) == [])
        queue.ended(5, result: .success)
        #expect(cycle(&queue, entries.filter { $0.id != 5 }, plans) == [8])
    }

    @Test("a delete of a project's pull-request directory waits for a createrepo of its main directory")
    func directoriesOfOneProject() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        let plans: [Int: ActionPlan] = [
            1: Self.createrepo("a", "p"), 2: .removeDirs([.init(owner: "a", dirname: "p:pr:4")]), 3: .deleteProject(owner: "a", dirnames: ["other"]),
        ]
        let entries = [1, 2, 3].map { PendingAction(id: $0, projectOwner: "a") }
        #expect(cycle(&queue, entries, plans) == [1, 3])
    }

    @Test("an action whose record is not read yet holds back the later actions of its owner only")
    func unreadRecord() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        let entries = [PendingAction(id: 1, projectOwner: "a"), PendingAction(id: 2, projectOwner: "a"), PendingAction(id: 3, projectOwner: "b")]
        #expect(cycle(&queue, entries, [2: Self.createrepo("a", "q"), 3: Self.createrepo("b", "q")]) == [3])
        #expect(cycle(&queue, entries, [1: Self.deleteBuild("a", "p")]) == [1, 2])
    }

    @Test("refused and no-op actions start at once, beside anything")
    func refusedRunAtOnce() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        let entries = [PendingAction(id: 1, projectOwner: "a"), PendingAction(id: 2, projectOwner: "a"), PendingAction(id: 3, projectOwner: "a")]
        #expect(cycle(&queue, entries, [1: Self.createrepo("a", "p"), 2: .refused(reason: "bad"), 3: .nothing]) == [1, 2, 3])
    }

    @Test("a blocked owner's actions never start, and do not hold others back")
    func blockedOwner() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: ["spammer"])
        let entries = [PendingAction(id: 1, projectOwner: "spammer"), PendingAction(id: 2, projectOwner: "a")]
        let plans: [Int: ActionPlan] = [1: Self.createrepo("spammer", "p"), 2: Self.createrepo("a", "p")]
        #expect(cycle(&queue, entries, plans) == [2])
        #expect(cycle(&queue, entries, plans) == [])
        #expect(queue.waitingCount == 1)
    }

    @Test("an answer fetched before a report went through never starts that action again")
    func staleListing() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        let entry = [PendingAction(id: 1, projectOwner: "a")]
        let plans: [Int: ActionPlan] = [1: Self.createrepo("a", "p")]
        #expect(cycle(&queue, entry, plans) == [1])
        let early = queue.fetchBegins()
        queue.ended(1, result: .success)
        // Listed while running and while unreported: not queued again.
        #expect(queue.listed(entry, fetchedAt: early).isEmpty)
        let second = queue.fetchBegins()
        queue.reported(1)
        #expect(queue.listed(entry, fetchedAt: second).isEmpty)
        #expect(queue.planStarts().isEmpty)
        #expect(queue.pendingReports.isEmpty)
        // A list fetched after the report that still names it: the frontend asks again.
        #expect(cycle(&queue, entry, plans) == [1])
    }

    @Test("a result the frontend did not take stays to be reported; a second report of it changes nothing")
    func reportRetried() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        #expect(cycle(&queue, [PendingAction(id: 4)], [4: .nothing]) == [4])
        queue.ended(4, result: .success)
        #expect(queue.pendingReports.map(\.id) == [4])
        #expect(cycle(&queue, [PendingAction(id: 4)], [4: .nothing]) == [])
        #expect(queue.pendingReports.map(\.id) == [4])
        queue.reported(4)
        queue.reported(4)
        #expect(queue.pendingReports.isEmpty)
    }

    @Test("actions the frontend withdrew or no longer knows are dropped")
    func withdrawn() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: ["x"])
        _ = cycle(&queue, [PendingAction(id: 1, projectOwner: "x"), PendingAction(id: 2)], [1: .nothing])
        #expect(queue.waitingCount == 2)
        queue.recordGone(2)
        #expect(cycle(&queue, [], [:]) == [])
        #expect(queue.waitingCount == 0)
    }

    @Test("an action taken up from the journal holds its project; an interrupted one is queued again")
    func resumedAndInterrupted() {
        var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
        queue.resumed(1, plan: Self.deleteBuild("a", "p"))
        let entries = [PendingAction(id: 1, projectOwner: "a"), PendingAction(id: 2, projectOwner: "a")]
        let plans: [Int: ActionPlan] = [1: Self.deleteBuild("a", "p"), 2: Self.createrepo("a", "p")]
        #expect(cycle(&queue, entries, plans) == [])
        queue.interrupted(1)
        #expect(cycle(&queue, entries, plans) == [1])
    }

    @Test("random runs: no two actions of a project side by side, each project in id order, every result reported once")
    func randomRuns() {
        for seed in 1...60 {
            var random = SeededRandom(seed: UInt64(seed))
            let owners = ["a", "b", "c"]
            let projects = ["p", "q"]
            var plans: [Int: ActionPlan] = [:]
            var entries: [PendingAction] = []
            for id in 1...Int.random(in: 3...25, using: &random) {
                let owner = owners.randomElement(using: &random)!
                let project = projects.randomElement(using: &random)!
                plans[id] = [Self.createrepo(owner, project), Self.deleteBuild(owner, project), .nothing, .refused(reason: "x")]
                    .randomElement(using: &random)!
                entries.append(PendingAction(id: id, priority: [-70, 0, 60].randomElement(using: &random)!, projectOwner: owner))
            }
            var queue = ActionQueue(maxWorkers: Int.random(in: 1...4, using: &random), blockedOwners: [])
            var waitingAtFrontend = Set(entries.map(\.id))
            var running: [Int] = []
            var startedPerProject: [String: [Int]] = [:]
            var reports: [Int: Int] = [:]
            for _ in 0..<400 where !waitingAtFrontend.isEmpty {
                let listing = entries.filter { waitingAtFrontend.contains($0.id) }
                let mark = queue.fetchBegins()
                // Some ends and reports land while the list is on its way.
                if let id = running.randomElement(using: &random), Bool.random(using: &random) {
                    running.removeAll { $0 == id }
                    queue.ended(id, result: .success)
                }
                for (id, _) in queue.pendingReports where Bool.random(using: &random) {
                    reports[id, default: 0] += 1
                    waitingAtFrontend.remove(id)
                    queue.reported(id)
                }
                for id in queue.listed(listing, fetchedAt: mark) where Bool.random(using: &random) {
                    queue.recordRead(id, plan: plans[id]!)
                }
                for start in queue.planStarts() {
                    for project in start.plan.projects {
                        #expect(!running.contains { plans[$0]!.projects.contains(project) }, "seed \(seed)")
                        startedPerProject[project, default: []].append(start.id)
                    }
                    running.append(start.id)
                }
                #expect(running.count <= queue.maxWorkers)
            }
            #expect(waitingAtFrontend.isEmpty, "seed \(seed)")
            #expect(reports.values.allSatisfy { $0 == 1 }, "seed \(seed)")
            #expect(reports.count == entries.count, "seed \(seed)")
            for (project, ids) in startedPerProject {
                #expect(ids == ids.sorted() && Set(ids).count == ids.count, "seed \(seed), \(project): \(ids)")
            }
        }
    }
}

/// A reproducible generator (SplitMix64) for the random runs.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
