import CoprBackend
import CoprCore
import Foundation
import Testing

/// Every event in every stage of the build lifecycle: what must hold whatever happens.
@Suite("Worker: every event in every stage of the build lifecycle")
struct BuildLifecycleEventTests {
    typealias Stage = BuildLifecycle.Stage
    typealias Event = BuildLifecycle.Event

    static let lease = LifecycleWorld.lease("builder-a", ticket: 5)
    static let failure = BuildLifecycle.Failure(.build, "broken")

    static let stages: [Stage] = [
        .fetching, .starting, .waitingForRepository, .closingTicket(5), .allocating(ticket: nil), .allocating(ticket: 5),
        .reclaiming(lease: lease, then: .checking), .reclaiming(lease: lease, then: .building(.maybeStarted)),
        .reclaiming(lease: lease, then: .releasing(stopRemoteBuild: true, then: .publish)),
        .checking(lease: lease), .building(lease: lease, remote: .notStarted), .building(lease: lease, remote: .maybeStarted),
        .building(lease: lease, remote: .started(processGroup: 9, logBase: 10, confirmed: true)),
        .building(lease: lease, remote: .started(processGroup: 9, logBase: 10, confirmed: false)),
        .downloading(lease: lease), .releasing(lease: lease, stopRemoteBuild: false, then: .publish),
        .releasing(lease: lease, stopRemoteBuild: true, then: .retry), .releasing(lease: lease, stopRemoteBuild: true, then: .finish(failure)),
        .releasing(lease: lease, stopRemoteBuild: true, then: .stop),
        .releasing(lease: lease, stopRemoteBuild: true, then: .finish(.init(.canceled, "Build was canceled")), finishLogFrom: 10),
        .reclaiming(lease: lease, then: .releasing(stopRemoteBuild: true, then: .finish(failure), finishLogFrom: 10)), .publishing, .finishing(nil), .finishing(failure),
        .reporting(report: LifecycleWorld.report(.succeeded), announce: true), .reporting(report: LifecycleWorld.report(.failed), announce: false),
        .announcing(.succeeded), .ended(.finished(.succeeded)),
    ]

    static let events: [Event] = [
        .resumed, .taskFetched(["task_id": "7"]), .taskUnavailable("null"), .taskFetchRefused("401"), .taskRefused(report: LifecycleWorld.report(.failed)),
        .startAllowed, .repositoriesReady, .ticketClosed, .ticketTaken(6), .hostGranted(lease), .hostReclaimed(lease), .hostGone,
        .builderReady(startedOn: 1), .remoteBuildStarted(processGroup: 9, logBase: 0), .remoteBuildConfirmed, .logEnded,
        .resultsDownloaded, .released, .published, .failed(failure), .hostFailed(reason: "ssh", untrusted: false),
        .hostFailed(reason: "key", untrusted: true), .reportPrepared(LifecycleWorld.report(.succeeded)), .reportDelivered, .announced, .canceled,
        .shutdown(journaled: true), .shutdown(journaled: false),
    ]

    /// The lifecycle `stage` would be in after a build got there.
    static func lifecycle(in stage: Stage) throws -> BuildLifecycle {
        var lifecycle = BuildLifecycleTests.fresh()
        var encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(lifecycle)) as! [String: Any]
        encoded["stage"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(stage))
        encoded["taskRecord"] = ["task_id": "7"]
        lifecycle = try JSONDecoder().decode(BuildLifecycle.self, from: JSONSerialization.data(withJSONObject: encoded))
        #expect(lifecycle.stage == stage)
        return lifecycle
    }

    @Test("a lease is given up only by a release, a refused record or a lease never confirmed after a restart; nothing changes once the report is decided",
          arguments: stages)
    func everyEvent(stage: Stage) throws {
        let before = try Self.lifecycle(in: stage)
        for event in Self.events {
            var after = before
            let action = after.handle(event)
            #expect(action == after.nextAction || action == .leaveForNextStart, "\(stage) + \(event)")
            #expect(try BuildLifecycleTests.reloaded(after) == after, "\(stage) + \(event) does not survive a reload")
            if case .shutdown(true) = event {
                #expect(after == before, "a stop with a journal changed \(stage)")
                continue
            }
            if let lease = before.lease, after.lease != lease {
                let allowed: Bool = switch event {
                case .released, .taskRefused, .hostGone: true
                case .failed, .canceled, .shutdown: if case .reclaiming = stage { true } else { false }
                default: false
                }
                #expect(allowed, "\(stage) + \(event) dropped the lease without giving it back")
            }
            switch stage {
            case .reporting, .announcing, .ended:
                switch event {
                case .failed, .canceled, .hostFailed, .taskRefused, .resumed: #expect(after == before, "\(stage) + \(event)")
                default: break
                }
            default: break
            }
            if case .ended = stage { #expect(after.stage == stage) }
        }
    }

    @Test("a stop without a journal stops the remote build and gives the lease back, then ends", arguments: stages)
    func stopWithoutJournal(stage: Stage) throws {
        var lifecycle = try Self.lifecycle(in: stage)
        let action = lifecycle.handle(.shutdown(journaled: false))
        switch stage {
        case .checking, .downloading:
            #expect(action == .release(Self.lease, stopRemoteBuild: false))
        case .building:
            #expect(action == .release(Self.lease, stopRemoteBuild: true))
        case .releasing(_, let stop, _, let log):
            #expect(action == .release(Self.lease, stopRemoteBuild: stop, finishLogFrom: log))
        case .ended:
            #expect(action == .finish(.finished(.succeeded)))
        default:
            #expect(action == .finish(.leftForNextStart))
        }
        if case .release = action { #expect(lifecycle.handle(.released) == .finish(.leftForNextStart)) }
    }

    @Test("a cancel stops a started build and fetches the rest of its log before its lease goes back, even across a restart, then reports the build failed as canceled")
    func cancelWhileBuilding() throws {
        var lifecycle = try Self.lifecycle(in: .building(lease: Self.lease, remote: .started(processGroup: 9, logBase: 120, confirmed: true)))
        #expect(lifecycle.handle(.canceled) == .release(Self.lease, stopRemoteBuild: true, finishLogFrom: 120))
        var restarted = try JSONDecoder().decode(BuildLifecycle.self, from: JSONEncoder().encode(lifecycle))
        #expect(restarted.handle(.resumed) == .reclaim(Self.lease))
        #expect(restarted.handle(.hostReclaimed(Self.lease)) == .release(Self.lease, stopRemoteBuild: true, finishLogFrom: 120))
        #expect(lifecycle.handle(.released) == .prepareReport(.failed, failure: .init(.canceled, "Build was canceled")))
        // A journal written before the log was fetched after a stop reads as without it.
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Stage.releasing(
            lease: Self.lease, stopRemoteBuild: true, then: .retry, finishLogFrom: 7))) as! [String: [String: Any]]
        old["releasing"]?["finishLogFrom"] = nil
        #expect(try JSONDecoder().decode(Stage.self, from: JSONSerialization.data(withJSONObject: old))
            == .releasing(lease: Self.lease, stopRemoteBuild: true, then: .retry))
        // A build that never started has no log to fetch.
        var checking = try Self.lifecycle(in: .checking(lease: Self.lease))
        #expect(checking.handle(.canceled) == .release(Self.lease, stopRemoteBuild: false))
        var fetching = BuildLifecycleTests.fresh()
        #expect(fetching.handle(.canceled) == .finish(.canceledBeforeStart))
    }

    @Test("host failures count against the budget: another host while it lasts, then the build fails for its builders")
    func budget() throws {
        var lifecycle = BuildLifecycleTests.fresh(maxHosts: 2, maxAttempts: 5)
        _ = lifecycle.handle(.taskFetched(["task_id": "7"]))
        _ = lifecycle.handle(.startAllowed)
        _ = lifecycle.handle(.repositoriesReady)
        #expect(lifecycle.attempt == 1)
        _ = lifecycle.handle(.hostGranted(Self.lease))
        #expect(lifecycle.handle(.hostFailed(reason: "ssh broke", untrusted: false)) == .release(Self.lease, stopRemoteBuild: false))
        #expect(lifecycle.handle(.released) == .waitForRepositories)
        #expect(lifecycle.attempt == 2)
        _ = lifecycle.handle(.repositoriesReady)
        #expect(lifecycle.nextAction == .allocateHost(avoiding: ["builder-a"]))
        let other = LifecycleWorld.lease("builder-b")
        _ = lifecycle.handle(.hostGranted(other))
        _ = lifecycle.handle(.builderReady(startedOn: 1))
        #expect(lifecycle.handle(.hostFailed(reason: "key changed", untrusted: true)) == .release(other, stopRemoteBuild: false))
        let giveUp = lifecycle.handle(.released)
        guard case .prepareReport(.failed, let failure?) = giveUp else {
            Issue.record("expected a failed report, got \(giveUp)")
            return
        }
        #expect(failure.kind == .infrastructure)
        #expect(failure.reason == "Giving up: 2 hosts tried without success: builder-a, builder-b. Last error: key changed")
    }

    @Test("after a restart: a ticket for a host never ready is closed, a lease is confirmed, a start that may have run is stopped first")
    func resumption() throws {
        var allocating = try Self.lifecycle(in: .allocating(ticket: 5))
        #expect(allocating.handle(.resumed) == .closeTicket(5))
        #expect(allocating.handle(.ticketClosed) == .allocateHost(avoiding: []))

        var building = try Self.lifecycle(in: .building(lease: Self.lease, remote: .notStarted))
        #expect(building.handle(.resumed) == .reclaim(Self.lease))
        #expect(building.handle(.hostReclaimed(Self.lease)) == .startRemoteBuild(Self.lease, stopStrayBuildFirst: true))

        var started = try Self.lifecycle(in: .building(lease: Self.lease, remote: .started(processGroup: 9, logBase: 10, confirmed: true)))
        #expect(started.handle(.resumed) == .reclaim(Self.lease))
        #expect(started.handle(.hostReclaimed(Self.lease)) == .confirmRemoteBuild(Self.lease, processGroup: 9))
        #expect(started.handle(.remoteBuildConfirmed) == .followLog(Self.lease, logBase: 10))

        var gone = try Self.lifecycle(in: .downloading(lease: Self.lease))
        _ = gone.handle(.resumed)
        #expect(gone.handle(.hostGone) == .waitForRepositories)
        #expect(gone.attempt == 1, "a lost host is no failed attempt")

        var reporting = try Self.lifecycle(in: .reporting(report: LifecycleWorld.report(.succeeded), announce: true))
        #expect(reporting.handle(.resumed) == .sendReport(LifecycleWorld.report(.succeeded)))
    }
}
