import CoprCore
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the outbox to the message buses: per bus, the oldest event first, removed
/// only after the bus confirmed it; a failure is logged (`msgbus.log`, with the bus id)
/// and the same event is tried again after a growing pause, so a bus that is down for an
/// hour loses nothing and its backlog drains in order once it is back.
///
/// A `Service`: in the daemon's `ServiceGroup` it delivers until the group's graceful
/// shutdown reaches it, after the dispatcher has stopped.
public actor EventDelivery: Service {
    /// The pauses between attempts when a bus fails: doubling from `first` up to `longest`.
    public struct RetryPolicy: Sendable {
        public var first: Duration
        public var longest: Duration

        public init(first: Duration = .seconds(1), longest: Duration = .seconds(60)) {
            self.first = first
            self.longest = longest
        }
    }

    private let outbox: Outbox
    private let sinks: [any MessageBusSink]
    private let retry: RetryPolicy
    private let metrics: BackendMetrics?
    private let logger: Logger
    /// One per sink: every new event wakes every bus's loop.
    private nonisolated let wakeUps: [WakeUpSignal]
    /// How often a loop looks at the outbox without a wake-up: events another process
    /// (a standalone `process-build`) left there.
    private let idleCheck: Duration

    public init(
        outbox: Outbox, sinks: [any MessageBusSink], retry: RetryPolicy = RetryPolicy(), idleCheck: Duration = .seconds(30),
        metrics: BackendMetrics? = nil, logger: Logger
    ) {
        self.outbox = outbox
        self.sinks = sinks
        self.retry = retry
        self.idleCheck = idleCheck
        self.metrics = metrics
        self.logger = logger
        wakeUps = sinks.map { _ in WakeUpSignal() }
    }

    public var busIDs: [String] { sinks.map(\.busID) }

    /// New events are in the outbox.
    public nonisolated func wakeUp() {
        wakeUps.forEach { $0.wakeUp() }
    }

    /// Delivers until the calling task is cancelled or the service group shuts down
    /// gracefully, then closes the sinks; what is not delivered stays in the outbox.
    public func run() async {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for (sink, wakeUp) in zip(self.sinks, self.wakeUps) {
                    group.addTask { await self.deliver(to: sink, wakeUp: wakeUp, untilEmpty: false) }
                }
            }
        }
        for sink in sinks { await sink.close() }
    }

    /// Delivers what the outbox holds, for at most `limit`; returns the number of events
    /// still waiting (left for the daemon).
    public func drain(for limit: Duration) async -> Int {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { buses in
                    for (sink, wakeUp) in zip(self.sinks, self.wakeUps) {
                        buses.addTask { await self.deliver(to: sink, wakeUp: wakeUp, untilEmpty: true) }
                    }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
        for sink in sinks { await sink.close() }
        return (try? await outbox.depth().count) ?? 0
    }

    /// The events not yet delivered to every bus, and when the oldest was written.
    public func backlog() async throws -> (count: Int, oldest: Date?) {
        try await outbox.depth()
    }

    private func deliver(to sink: any MessageBusSink, wakeUp: WakeUpSignal, untilEmpty: Bool) async {
        var pause = retry.first
        while !Task.isCancelled {
            let batch: [Outbox.Pending]
            do {
                batch = try await outbox.pending(for: sink.busID, limit: 100)
            } catch {
                logger.error("Cannot read the outbox: \(error)", metadata: ["bus": "\(sink.busID)"])
                await wakeUp.wait(timeout: pause)
                continue
            }
            await updateDepth()
            if batch.isEmpty {
                if untilEmpty { return }
                await wakeUp.wait(timeout: idleCheck)
                continue
            }
            for pending in batch {
                do {
                    try await sink.deliver(pending.message)
                    try await outbox.delivered(pending.sequence)
                    pause = retry.first
                } catch {
                    if Task.isCancelled { return }
                    metrics?.deliveryFailed(bus: sink.busID)
                    logger.error(
                        "Cannot deliver \(pending.message.topic) \(pending.message.eventID), trying again in \(pause.seconds) s: \(error)",
                        metadata: ["bus": "\(sink.busID)"])
                    try? await Task.sleep(for: pause)
                    pause = min(pause * 2, retry.longest)
                    break
                }
            }
        }
    }

    private func updateDepth() async {
        guard let metrics, let depth = try? await outbox.depth() else { return }
        metrics.outbox(depth: depth.count, oldest: depth.oldest)
    }
}
