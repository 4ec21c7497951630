import Foundation

/// What the daemon's farm does at one moment, as the status page shows it to operators:
/// plain values, so that the frontend needs nothing of the daemon's types. The daemon
/// that serves this frontend in process fills it from its own status (a
/// ``FarmStatusSource``); a frontend without one shows what its store knows.
public struct FarmSnapshot: Sendable, Equatable {
    /// A build a worker runs now.
    public struct Running: Sendable, Equatable {
        /// `<build_id>` or `<build_id>-<chroot>`.
        public var taskID: String
        /// The worker's phase (`building`, `publishing`, …).
        public var phase: String
        /// The builder, once one was allocated.
        public var host: String?
        public var attempt: Int
        public var startedOn: Date

        public init(taskID: String, phase: String, host: String?, attempt: Int, startedOn: Date) {
            (self.taskID, self.phase, self.host, self.attempt, self.startedOn) = (taskID, phase, host, attempt, startedOn)
        }
    }

    /// A task the scheduler holds back, and the limit that holds it.
    public struct Waiting: Sendable, Equatable {
        /// The limit (`builds_max_workers`, a worker limit's name), its count and maximum;
        /// nil while the scheduler has not considered the task yet.
        public struct Reason: Sendable, Equatable {
            public var limit: String
            public var count: Int
            public var max: Int

            public init(limit: String, count: Int, max: Int) {
                (self.limit, self.count, self.max) = (limit, count, max)
            }
        }

        public var taskID: String
        public var priority: Int
        public var reason: Reason?

        public init(taskID: String, priority: Int, reason: Reason?) {
            (self.taskID, self.priority, self.reason) = (taskID, priority, reason)
        }
    }

    /// A machine of a static pool and its slots.
    public struct Builder: Sendable, Equatable {
        public var name: String
        public var address: String
        public var tags: [String]
        public var slots: Int
        public var busy: Int
        /// The daemon's own machine rather than an SSH builder.
        public var local: Bool

        public init(name: String, address: String, tags: [String], slots: Int, busy: Int, local: Bool) {
            (self.name, self.address, self.tags, self.slots, self.busy, self.local) = (name, address, tags, slots, busy, local)
        }
    }

    /// A build that failed not long ago.
    public struct Failure: Sendable, Equatable {
        public var taskID: String
        /// `build`, `infrastructure`, `publishing`, `frontend`, `input` or `unexpected`.
        public var kind: String
        public var reason: String
        public var builder: String?
        public var endedOn: Date

        public init(taskID: String, kind: String, reason: String, builder: String?, endedOn: Date) {
            (self.taskID, self.kind, self.reason, self.builder, self.endedOn) = (taskID, kind, reason, builder, endedOn)
        }
    }

    /// The events not yet delivered to the message buses.
    public struct Backlog: Sendable, Equatable {
        public var count: Int
        public var oldest: Date?

        public init(count: Int, oldest: Date?) {
            (self.count, self.oldest) = (count, oldest)
        }
    }

    /// The action dispatcher's work: deletes, createrepo, forks.
    public struct Actions: Sendable, Equatable {
        public var waiting: Int
        /// The ids of the actions running now.
        public var running: [Int]
        /// Ended, with a result the frontend has not taken yet.
        public var unreported: Int

        public init(waiting: Int, running: [Int], unreported: Int) {
            (self.waiting, self.running, self.unreported) = (waiting, running, unreported)
        }
    }

    public var running: [Running]
    public var queue: [Waiting]
    /// Empty with machines that come and go with the builds (resalloc).
    public var builders: [Builder]
    /// Newest first.
    public var recentFailures: [Failure]
    /// Nil without message buses.
    public var backlog: Backlog?
    /// Nil without an action dispatcher.
    public var actions: Actions?

    public init(
        running: [Running], queue: [Waiting], builders: [Builder], recentFailures: [Failure], backlog: Backlog?, actions: Actions?
    ) {
        self.running = running
        self.queue = queue
        self.builders = builders
        self.recentFailures = recentFailures
        self.backlog = backlog
        self.actions = actions
    }
}

/// Where the status page reads the daemon's farm from: the daemon serving this frontend,
/// in process. Nil when it cannot be read now.
public protocol FarmStatusSource: Sendable {
    func snapshot() async -> FarmSnapshot?
}
