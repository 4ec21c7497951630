import Foundation

/// What the farm does now, for operators: the builds running (phase, builder, attempt),
/// the tasks waiting and why, the builders and their slots, the recent failures, the
/// events not yet on the message buses, and with a Copr frontend the actions. `GET
/// /status` answers it, `copr-backend status` prints it, and the web interface's farm
/// page shows it, read in process.
public struct FarmStatus: Sendable, Encodable, Equatable {
    /// The message bus backlog: events in the outbox, and when the oldest was written.
    public struct EventBacklog: Sendable, Encodable, Equatable {
        public var count: Int
        public var oldest: Date?
    }

    public var queue: [WaitingTask]
    public var running: [Dispatcher.RunningBuild]
    public var recentFailures: [RecentFailure]
    /// The machines of a static pool; empty with resalloc, whose machines come and go
    /// with the builds (`running` names them).
    public var builders: [BuilderSlots]
    /// Nil without message buses.
    public var eventBacklog: EventBacklog?
    /// The action dispatcher's counts; nil without one (the embedded frontend).
    public var actions: ActionDispatcher.Status?

    enum CodingKeys: String, CodingKey {
        case queue, running, builders, actions
        case recentFailures = "recent_failures"
        case eventBacklog = "event_backlog"
    }

    /// Where the parts of the status are read from.
    public struct Reader: Sendable {
        public let dispatcher: Dispatcher
        public let hosts: any HostProvider
        public let delivery: EventDelivery?
        public let actions: ActionDispatcher?

        public init(dispatcher: Dispatcher, hosts: any HostProvider, delivery: EventDelivery?, actions: ActionDispatcher? = nil) {
            self.dispatcher = dispatcher
            self.hosts = hosts
            self.delivery = delivery
            self.actions = actions
        }

        /// The status as of now; a backlog that cannot be read is left out.
        public func read() async -> FarmStatus {
            let builds = await dispatcher.status
            let backlog = try? await delivery?.backlog()
            return FarmStatus(
                queue: builds.queue, running: builds.running, recentFailures: builds.recentFailures,
                builders: await hosts.builders(), eventBacklog: backlog.map { EventBacklog(count: $0.count, oldest: $0.oldest) },
                actions: await actions?.status)
        }
    }
}
