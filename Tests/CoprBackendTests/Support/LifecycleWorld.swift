import CoprBackend
import CoprCore
import Foundation

/// A make-believe farm that answers every action of a `BuildLifecycle` the way the real
/// steps would, without processes or sockets: hosts are granted in turn, some fail, the
/// remote build starts and ends, the frontend takes every report. It records what was
/// done to the outside world, so a test can tell what a build did twice.
struct LifecycleWorld {
    /// Hosts handed out in turn.
    var hosts = ["builder-a", "builder-b", "builder-c", "builder-d"]
    /// Attempt number → how the host of that attempt fails during the build.
    var hostFailures: [Int: (reason: String, untrusted: Bool)] = [:]
    /// The build fails on the builder with this reason.
    var buildFailure: String?
    /// The record is refused when the build is opened.
    var refuseRecord = false

    /// What reached the outside world, in order.
    private(set) var effects: [String] = []
    private var granted = 0
    private var attempt = 0

    static let record: [String: JSONValue] = ["task_id": "7-fedora-41-x86_64", "build_id": 7, "chroot": "fedora-41-x86_64"]

    /// The event the real step would feed back for `action`.
    mutating func answer(_ action: BuildLifecycle.Action) -> BuildLifecycle.Event {
        switch action {
        case .fetchTask:
            return .taskFetched(Self.record)
        case .markStarting:
            if refuseRecord { return .taskRefused(report: Self.report(.failed)) }
            effects.append("starting_build")
            return .startAllowed
        case .waitForRepositories:
            attempt += 1
            return .repositoriesReady
        case .closeTicket(let ticket):
            effects.append("close ticket \(ticket)")
            return .ticketClosed
        case .allocateHost(let avoiding):
            let candidates = hosts.filter { !avoiding.contains($0) }
            let host = candidates.isEmpty ? hosts[granted % hosts.count] : candidates[granted % candidates.count]
            granted += 1
            effects.append("lease \(host)")
            return .hostGranted(Self.lease(host, ticket: 100 + granted))
        case .reclaim(let lease):
            effects.append("reclaim \(lease.hostname)")
            return .hostReclaimed(lease)
        case .checkBuilder(let lease, let reportRunning):
            if let failure = hostFailures[attempt], failure.reason == "check" {
                return .hostFailed(reason: "\(lease.hostname) is not ready", untrusted: failure.untrusted)
            }
            if reportRunning { effects.append("running") }
            return .builderReady(startedOn: 1_700_000_000)
        case .startRemoteBuild(let lease, let stopStray):
            if stopStray { effects.append("stop build on \(lease.hostname)") }
            effects.append("start build on \(lease.hostname)")
            return .remoteBuildStarted(processGroup: 4242, logBase: 0)
        case .confirmRemoteBuild(let lease, _):
            effects.append("confirm build on \(lease.hostname)")
            return .remoteBuildConfirmed
        case .followLog(let lease, _):
            if let failure = hostFailures[attempt], failure.reason != "check" {
                return .hostFailed(reason: "\(lease.hostname): \(failure.reason)", untrusted: failure.untrusted)
            }
            if let buildFailure { return .failed(.init(.build, buildFailure)) }
            return .logEnded
        case .download(let lease):
            effects.append("download from \(lease.hostname)")
            return .resultsDownloaded
        case .release(let lease, let stop, _):
            if stop { effects.append("stop build on \(lease.hostname)") }
            effects.append("release \(lease.hostname)")
            return .released
        case .publish:
            effects.append("publish")
            return .published
        case .prepareReport(let status, _):
            return .reportPrepared(Self.report(status))
        case .sendReport(let report):
            effects.append("report \(report.report.status.rawValue)")
            return .reportDelivered
        case .announceEnd(_, let announceStart):
            if announceStart { effects.append("build.start") }
            effects.append("build.end")
            return .announced
        case .leaveForNextStart, .finish:
            preconditionFailure("\(action) ends the loop")
        }
    }

    /// The report of task 7 with `status`, over ``record``.
    static func report(_ status: BuildStatus) -> JobReport {
        JobReport(TaskReport(task: .rpm(buildID: 7, chroot: "fedora-41-x86_64"), status: status), echoing: record)
    }

    static func lease(_ host: String, ticket: Int? = nil) -> BuilderHost {
        var lease = BuilderHost(hostname: host, port: nil, name: host, user: nil, allocationID: "lease-\(host)", ticketID: ticket, requestedTags: [])
        lease.transport = .ssh
        return lease
    }
}
