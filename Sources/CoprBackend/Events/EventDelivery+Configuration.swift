import Logging

extension EventDelivery {
    /// The buses a configuration names, behind the journal's outbox: the sink the worker
    /// announces to, and the delivery that drains the outbox (nil without buses, when
    /// events are dropped as upstream does without a bus).
    ///
    /// - Parameter logger: `msgbus.log`.
    public static func from(
        _ configuration: BackendConfiguration, journal: Journal, metrics: BackendMetrics?, logger: Logger
    ) throws -> (events: any BuildEventSink, delivery: EventDelivery?) {
        guard !configuration.messageBuses.isEmpty else { return (NoBuildEvents(), nil) }
        let sinks = try MessageBusSinkFactory(logger: logger).makeSinks(for: configuration.messageBuses)
        let outbox = Outbox(journal: journal)
        let delivery = EventDelivery(
            outbox: outbox, sinks: sinks,
            retry: RetryPolicy(first: configuration.timing.eventRetryPause, longest: max(configuration.timing.eventRetryPause, .seconds(60))),
            metrics: metrics, logger: logger)
        let events = OutboxEventSink(outbox: outbox, busIDs: sinks.map(\.busID), delivery: delivery, logger: logger)
        return (events, delivery)
    }
}
