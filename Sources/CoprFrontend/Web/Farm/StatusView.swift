import CoprCore
import Foundation

/// The status page: with the daemon's ``FarmSnapshot``, what runs where, what waits and
/// why, the builders' slots, the recent failures, the message bus backlog and the
/// actions; in any case the builds in progress as the store knows them.
struct StatusView: Sendable {
    /// How many builds the page lists at most.
    static let listLength = 200

    /// A task's id, linked to its build's page when it names a build.
    struct Task: Sendable {
        let id: String
        let url: String?

        init(_ id: String) {
            self.id = id
            url = (try? TaskID(id)).map { "/coprs/build/\($0.buildID)/" }
        }
    }

    struct RunningRow: Sendable {
        let task: Task
        let phase: String
        let host: String
        let attempt: Int
        let started: String
        let runningFor: String
    }

    struct WaitingRow: Sendable {
        let task: Task
        let priority: Int
        /// `waits for builds_max_workers 4/4`.
        let reason: String
    }

    struct BuilderRow: Sendable {
        let name: String
        let address: String
        let kind: String
        let tags: String
        /// `1/2 busy`.
        let slots: String
    }

    struct FailureRow: Sendable {
        let task: Task
        let kind: String
        let builder: String
        let reason: String
        let ended: String
    }

    /// The daemon's part; nil when no daemon is read here.
    struct Farm: Sendable {
        let running: [RunningRow]
        let queue: [WaitingRow]
        let builders: [BuilderRow]
        let failures: [FailureRow]
        /// `3 events, the oldest from …`; nil without message buses.
        let backlog: String?
        /// `1 waiting, 2 running (7, 8), 0 not yet reported`; nil without actions.
        let actions: String?
        // The templates read stored values only.
        let hasRunning: Bool, hasQueue: Bool, hasBuilders: Bool, hasFailures: Bool

        init(running: [RunningRow], queue: [WaitingRow], builders: [BuilderRow], failures: [FailureRow], backlog: String?, actions: String?) {
            (self.running, self.queue, self.builders, self.failures, self.backlog, self.actions) = (running, queue, builders, failures, backlog, actions)
            (hasRunning, hasQueue, hasBuilders, hasFailures) = (!running.isEmpty, !queue.isEmpty, !builders.isEmpty, !failures.isEmpty)
        }
    }

    let farm: Farm?
    let builds: [BuildRow]
    let hasBuilds: Bool

    init(builds: [BuildOverview], farm snapshot: FarmSnapshot?, now: Date) {
        self.builds = builds.map(BuildRow.init)
        hasBuilds = !builds.isEmpty
        farm = snapshot.map { Self.farm($0, now: now) }
    }

    private static func farm(_ snapshot: FarmSnapshot, now: Date) -> Farm {
        let time = { (date: Date) in WebTime.text(date.timeIntervalSince1970) }
        return Farm(
            running: snapshot.running.map { build in
                RunningRow(
                    task: Task(build.taskID), phase: build.phase, host: build.host ?? "none yet", attempt: build.attempt,
                    started: time(build.startedOn),
                    runningFor: WebTime.duration(from: build.startedOn.timeIntervalSince1970, to: now.timeIntervalSince1970))
            },
            queue: snapshot.queue.map { task in
                WaitingRow(
                    task: Task(task.taskID), priority: task.priority,
                    reason: task.reason.map { "waits for \($0.limit) \($0.count)/\($0.max)" } ?? "not considered yet")
            },
            builders: snapshot.builders.map { builder in
                BuilderRow(
                    name: builder.name, address: builder.address, kind: builder.local ? "this machine" : "SSH",
                    tags: builder.tags.joined(separator: ", "), slots: "\(builder.busy)/\(builder.slots) busy")
            },
            failures: snapshot.recentFailures.map { failure in
                FailureRow(
                    task: Task(failure.taskID), kind: failure.kind, builder: failure.builder ?? "none", reason: failure.reason,
                    ended: time(failure.endedOn))
            },
            backlog: snapshot.backlog.map { backlog in
                "\(backlog.count) events" + (backlog.oldest.map { ", the oldest from \(time($0))" } ?? "")
            },
            actions: snapshot.actions.map { actions in
                let ids = actions.running.isEmpty ? "" : " (" + actions.running.map(String.init).joined(separator: ", ") + ")"
                return "\(actions.waiting) waiting, \(actions.running.count) running\(ids), \(actions.unreported) not yet reported"
            })
    }
}
