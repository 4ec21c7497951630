import AsyncHTTPClient
import Logging
import NIOCore
import NIOPosix

/// Makes the sink of each configured bus: a ``StompPublisher`` for `bus_type = stomp`, a
/// ``WebhookPublisher`` for `bus_type = webhook`, with the timeouts given here.
///
/// ```swift
/// let buses = try MessageBusConfiguration.loadAll(directory: MessageBusConfiguration.defaultDirectory)
/// let sinks = try MessageBusSinkFactory(logger: msgbusLogger).makeSinks(for: buses)
/// ```
public struct MessageBusSinkFactory: Sendable {
    /// Timeouts, heart-beats and reconnect pauses of every STOMP bus.
    public var stompPolicy: StompPublisherPolicy
    /// The time one webhook POST may take, answer included.
    public var webhookTimeout: Duration
    /// Where publisher problems go (the daemon routes it to `<log_dir>/msgbus.log`); each
    /// sink adds metadata `bus`.
    public var logger: Logger
    /// The HTTP client of webhooks (shared: connection pooling across buses).
    public var httpClient: HTTPClient
    /// Where STOMP connections run.
    public var eventLoopGroup: any EventLoopGroup

    public init(
        stompPolicy: StompPublisherPolicy = .standard, webhookTimeout: Duration = .seconds(30), logger: Logger,
        httpClient: HTTPClient = .shared, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.stompPolicy = stompPolicy
        self.webhookTimeout = webhookTimeout
        self.logger = logger
        self.httpClient = httpClient
        self.eventLoopGroup = eventLoopGroup
    }

    /// One sink per bus, in the order given. Throws ``StompError/tlsSetupFailed(_:)`` when
    /// a bus's TLS files cannot be used.
    public func makeSinks(for buses: [MessageBusConfiguration]) throws -> [any MessageBusSink] {
        try buses.map(makeSink)
    }

    /// The sink of one bus.
    public func makeSink(for bus: MessageBusConfiguration) throws -> any MessageBusSink {
        switch bus.transport {
        case .stomp(let settings):
            try StompPublisher(busID: bus.busID, settings: settings, policy: stompPolicy, logger: logger, eventLoopGroup: eventLoopGroup)
        case .webhook(let settings):
            WebhookPublisher(busID: bus.busID, settings: settings, timeout: webhookTimeout, logger: logger, http: httpClient)
        }
    }
}
