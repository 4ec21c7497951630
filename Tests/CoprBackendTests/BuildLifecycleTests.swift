import CoprBackend
import CoprCore
import Foundation
import Testing

/// The build lifecycle as a plain value: every path of a build through a make-believe
/// farm, with the value saved and loaded between every pair of steps, and with a restart
/// of the daemon at every step.
@Suite("Worker: the build lifecycle value")
struct BuildLifecycleTests {
    typealias Action = BuildLifecycle.Action

    static func fresh(maxHosts: Int = 3, maxAttempts: Int = 4) -> BuildLifecycle {
        BuildLifecycle(queueRecord: ["task_id": "7-fedora-41-x86_64"], budget: AttemptBudget(maxHosts: maxHosts, maxAttempts: maxAttempts), runID: "run-1")
    }

    /// Runs the lifecycle against `world` to its end; with `reload`, the value goes
    /// through its stored form after every step. Returns the actions and the outcome.
    static func run(
        _ lifecycle: BuildLifecycle, in world: inout LifecycleWorld, reload: Bool = false, limit: Int = 100
    ) throws -> (actions: [Action], outcome: BuildOutcome, lifecycle: BuildLifecycle) {
        var lifecycle = lifecycle
        var actions: [Action] = []
        var action = lifecycle.nextAction
        for _ in 0..<limit {
            actions.append(action)
            if case .finish(let outcome) = action { return (actions, outcome, lifecycle) }
            action = lifecycle.handle(world.answer(action))
            if reload {
                lifecycle = try Self.reloaded(lifecycle)
                #expect(lifecycle.nextAction == action, "a reload changed what comes next")
            }
        }
        Issue.record("the lifecycle did not end within \(limit) steps: \(actions)")
        return (actions, .backendFailure("stuck"), lifecycle)
    }

    static func reloaded(_ lifecycle: BuildLifecycle) throws -> BuildLifecycle {
        try JSONDecoder().decode(BuildLifecycle.self, from: JSONEncoder().encode(lifecycle))
    }

    @Test("a build that succeeds goes through every step once, in the order of the story")
    func happyPath() throws {
        var world = LifecycleWorld()
        let (actions, outcome, ended) = try Self.run(Self.fresh(), in: &world)
        #expect(outcome == .finished(.succeeded))
        let lease = LifecycleWorld.lease("builder-a", ticket: 101)
        #expect(actions == [
            .fetchTask, .markStarting, .waitForRepositories, .allocateHost(avoiding: []), .checkBuilder(lease, reportRunning: true),
            .startRemoteBuild(lease, stopStrayBuildFirst: false), .followLog(lease, logBase: 0), .download(lease),
            .release(lease, stopRemoteBuild: false), .publish, .prepareReport(.succeeded, failure: nil),
            .sendReport(LifecycleWorld.report(.succeeded)), .announceEnd(.succeeded, announceStart: false),
            .finish(.finished(.succeeded)),
        ])
        #expect(world.effects == [
            "starting_build", "lease builder-a", "running", "start build on builder-a", "download from builder-a",
            "release builder-a", "publish", "report 1", "build.end",
        ])
        #expect(ended.resultsDownloaded)
        #expect(ended.builder == "builder-a")
    }

    @Test("every path ends the same when the value is saved and loaded between every two steps", arguments: LifecycleScenario.allCases)
    func reloadEverywhere(scenario: LifecycleScenario) throws {
        var plain = scenario.world, reloading = scenario.world
        let straight = try Self.run(Self.fresh(), in: &plain)
        let reloaded = try Self.run(Self.fresh(), in: &reloading, reload: true)
        #expect(reloaded.actions == straight.actions)
        #expect(reloaded.outcome == straight.outcome)
        #expect(reloading.effects == plain.effects)
        #expect(straight.outcome == scenario.outcome, "\(straight.actions)")
    }

    @Test("a restart after any step goes on to the same ending, starting nothing twice that it knew had started",
          arguments: LifecycleScenario.allCases)
    func restartAnywhere(scenario: LifecycleScenario) throws {
        var reference = scenario.world
        let steps = try Self.run(Self.fresh(), in: &reference).actions.count
        for stop in 1..<steps {
            var world = scenario.world
            var lifecycle = Self.fresh()
            var action = lifecycle.nextAction
            for _ in 0..<stop {
                if case .finish = action { break }
                action = lifecycle.handle(world.answer(action))
            }
            // The daemon stops: with a journal nothing changes; the next one loads it.
            var stopped = lifecycle
            #expect(stopped.handle(.shutdown(journaled: true)) == (isEnded(lifecycle) ? lifecycle.nextAction : .leaveForNextStart))
            #expect(stopped == lifecycle)
            var resumed = try Self.reloaded(lifecycle)
            _ = resumed.handle(.resumed)
            let (_, outcome, _) = try Self.run(resumed, in: &world)
            #expect(outcome == scenario.outcome, "stopped after step \(stop)")
            let starts = world.effects.filter { $0.hasPrefix("start build") }.count
            let strays = world.effects.filter { $0.hasPrefix("stop build") && !scenario.stopsBuilds }.count
            // A start recorded before the restart is never repeated; one that may have run
            // unrecorded is stopped before the next.
            #expect(starts - strays <= reference.effects.filter { $0.hasPrefix("start build") }.count, "stopped after step \(stop): \(world.effects)")
            #expect(world.effects.filter { $0 == "running" }.count <= 1, "running reported twice: \(world.effects)")
            // The start events go out once (with `running`, or before the end of a build no
            // builder ran), and so does the end; a refused record announces nothing.
            let announced = scenario == .recordRefused ? 0 : 1
            #expect(world.effects.filter { $0 == "running" || $0 == "build.start" }.count == announced, "stopped after step \(stop): \(world.effects)")
            #expect(world.effects.filter { $0 == "build.end" }.count == announced, "stopped after step \(stop): \(world.effects)")
            #expect(world.effects.filter { $0.hasPrefix("report") }.count >= 1)
            let leases = world.effects.filter { $0.hasPrefix("lease ") || $0.hasPrefix("reclaim ") }.count
            #expect(world.effects.filter { $0.hasPrefix("release ") }.count <= leases, "\(world.effects)")
        }
    }

    private func isEnded(_ lifecycle: BuildLifecycle) -> Bool {
        if case .ended = lifecycle.stage { return true }
        return false
    }
}

/// Paths a build takes through the make-believe farm, with the ending each must reach.
enum LifecycleScenario: String, CaseIterable, CustomTestStringConvertible {
    case succeeds, hostFailsOnce, hostKeyChanges, budgetRunsOut, buildFails, recordRefused

    var testDescription: String { rawValue }

    var world: LifecycleWorld {
        var world = LifecycleWorld()
        switch self {
        case .succeeds: break
        case .hostFailsOnce: world.hostFailures = [1: ("ssh broke", false)]
        case .hostKeyChanges: world.hostFailures = [1: ("check", true)]
        case .budgetRunsOut: world.hostFailures = [1: ("ssh broke", false), 2: ("ssh broke", false), 3: ("ssh broke", false)]
        case .buildFails: world.buildFailure = "rpmbuild failed"
        case .recordRefused: world.refuseRecord = true
        }
        return world
    }

    var outcome: BuildOutcome {
        switch self {
        case .succeeds, .hostFailsOnce, .hostKeyChanges: .finished(.succeeded)
        case .budgetRunsOut, .buildFails, .recordRefused: .finished(.failed)
        }
    }

    /// The path stops remote builds on its own (failures while building).
    var stopsBuilds: Bool {
        switch self {
        case .hostFailsOnce, .budgetRunsOut, .buildFails: true
        case .succeeds, .hostKeyChanges, .recordRefused: false
        }
    }
}
