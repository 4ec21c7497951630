import Logging
import ServiceLifecycle
import UnixSignals

/// What `copr-backend run` runs until SIGTERM or SIGINT, as one `ServiceGroup`: the HTTP
/// listeners (the embedded frontend's, the daemon's), periodic sweeps (the embedded
/// frontend's expired projects), event delivery, the action dispatcher (with a Copr
/// frontend) and the build dispatcher.
///
/// They start together; the dispatcher's first cycle waits for the embedded frontend to
/// listen (`Dispatcher`'s `startsAfter`). A graceful shutdown stops them one after the
/// other, in the reverse order: the dispatcher first (no new builds; running ones are left
/// as they are for the next start), then the action dispatcher (running actions are
/// interrupted and run again at the next start), then event delivery (what is not delivered stays in
/// the outbox), then the listeners, which finish the requests they are answering. A
/// listener that cannot serve shuts the others down the same way, and its
/// `ListenerFailure` ends `run()`.
///
/// ```swift
/// let services = DaemonServices(listeners: [frontendServer, daemonServer], delivery: delivery, dispatcher: dispatcher)
/// try await services.group(gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
public struct DaemonServices: Sendable {
    /// The embedded frontend's server (when there is one) and the daemon's.
    public let listeners: [any Service]
    /// Services that work now and then on their own (the expiry sweep); they stop before
    /// the listeners.
    public let sweeps: [any Service]
    /// Nil without message buses.
    public let delivery: EventDelivery?
    /// Nil with the embedded frontend, which does its changes of the results itself.
    public let actions: ActionDispatcher?
    public let dispatcher: Dispatcher

    public init(
        listeners: [any Service], sweeps: [any Service] = [], delivery: EventDelivery?, actions: ActionDispatcher? = nil,
        dispatcher: Dispatcher
    ) {
        self.listeners = listeners
        self.sweeps = sweeps
        self.delivery = delivery
        self.actions = actions
        self.dispatcher = dispatcher
    }

    /// The group, shutting down gracefully on `gracefulShutdownSignals` (none: only on its
    /// own trigger or its parent's).
    public func group(gracefulShutdownSignals: [UnixSignal], logger: Logger) -> ServiceGroup {
        // A graceful shutdown goes through the services from the last to the first. Each is
        // named by its type: the default name prints the whole value, secrets included.
        var services = listeners.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "\(type(of: $0))")
        }
        services += sweeps.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "\(type(of: $0))")
        }
        if let delivery { services.append(.init(service: delivery, serviceName: "EventDelivery")) }
        if let actions { services.append(.init(service: actions, serviceName: "ActionDispatcher")) }
        services.append(.init(service: dispatcher, serviceName: "Dispatcher"))
        return ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
    }
}
