import CoprCore
import Foundation
import Prometheus

/// The daemon's metrics in Prometheus text format (`GET /metrics`), names prefixed
/// `copr_backend_`. One registry per daemon, injected (never a process-wide bootstrap),
/// so tests running in parallel keep their own numbers.
public final class BackendMetrics: Sendable {
    /// Why a task failed, for `copr_backend_failures_total{class}`.
    public enum FailureClass: String, Sendable {
        /// The build itself: no success file, refused by the frontend, timeout.
        case build
        /// The attempt budget ran out on broken builders.
        case infrastructure
        case canceled
        case publishing
        case frontend
        /// A hostile or malformed task record.
        case input
    }

    public let registry = PrometheusCollectorRegistry()
    private let phaseBuckets: [Duration] = [1, 5, 15, 60, 300, 900, 3600, 14400, 43200].map { .seconds($0) }
    private let hostWait: DurationHistogram
    private let cancels: Counter
    private let frontendErrors: Counter
    private let openTickets: Gauge
    private let outboxDepth: Gauge
    private let outboxOldestAge: Gauge
    /// Label sets the queue and running gauges had at the last scrape, to zero them when
    /// they disappear.
    private let previousLabels = LockedValue<(queue: Set<[String]>, running: Set<String>)>(([], []))

    public init() {
        hostWait = registry.makeDurationHistogram(
            descriptor: Self.name("host_allocation_wait", "seconds", "Time from asking for a builder to having a ready one"),
            buckets: [1, 5, 15, 60, 300, 900, 3600].map { .seconds($0) })
        cancels = registry.makeCounter(descriptor: Self.name("cancels", "total", "Cancel requests routed to queued or running tasks"))
        frontendErrors = registry.makeCounter(descriptor: Self.name("frontend_errors", "total", "Failed frontend requests (each retry counts)"))
        openTickets = registry.makeGauge(descriptor: Self.name("open_tickets", "", "Builder leases (resalloc tickets, static slots) held now"))
        outboxDepth = registry.makeGauge(descriptor: Self.name("outbox_events", "", "Events waiting in the outbox for a message bus"))
        outboxOldestAge = registry.makeGauge(descriptor: Self.name("outbox_oldest_event_age", "seconds", "Age of the oldest event in the outbox"))
    }

    /// A build left `phase` after `duration`.
    public func phaseEnded(_ phase: BuildPhase, after duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.name("phase_duration", "seconds", "Time builds spend in each phase"),
            labels: [("phase", phase.rawValue)], buckets: phaseBuckets
        ).record(duration)
        if phase == .allocatingHost { hostWait.record(duration) }
    }

    /// An attempt on a builder failed and the task moves to another one.
    public func retried() {
        registry.makeCounter(
            descriptor: Self.name("retries", "total", "Attempts moved to another builder"), labels: [("class", "infrastructure")]
        ).increment()
    }

    public func failed(_ failure: FailureClass) {
        registry.makeCounter(
            descriptor: Self.name("failures", "total", "Tasks that ended failed, by cause"), labels: [("class", failure.rawValue)]
        ).increment()
    }

    /// A message bus did not confirm an event (it stays in the outbox).
    public func deliveryFailed(bus: String) {
        registry.makeCounter(
            descriptor: Self.name("event_delivery_failures", "total", "Events a message bus did not confirm, by bus"),
            labels: [("bus", bus)]
        ).increment()
    }

    /// The events waiting in the outbox, and the age of the oldest.
    public func outbox(depth: Int, oldest: Date?) {
        outboxDepth.set(Int64(depth))
        outboxOldestAge.set(oldest.map { Date().timeIntervalSince($0) } ?? 0)
    }

    public func canceled() { cancels.increment() }
    public func frontendError() { frontendErrors.increment() }
    public func hostLeased() { openTickets.increment() }
    public func hostReleased() { openTickets.decrement() }

    /// Sets the queue depth per (arch, owner) and the running tasks per phase; label sets
    /// seen before but absent now go to 0.
    public func update(queueDepth: [QueueDepthKey: Int], runningByPhase: [String: Int]) {
        let (oldQueue, oldRunning) = previousLabels.withLock { previous in
            defer { previous = (Set(queueDepth.keys.map { [$0.arch, $0.owner] }), Set(runningByPhase.keys)) }
            return previous
        }
        for labels in oldQueue {
            queueGauge(arch: labels[0], owner: labels[1]).set(to: 0)
        }
        for (key, count) in queueDepth {
            queueGauge(arch: key.arch, owner: key.owner).set(to: Double(count))
        }
        for phase in oldRunning {
            runningGauge(phase: phase).set(to: 0)
        }
        for (phase, count) in runningByPhase {
            runningGauge(phase: phase).set(to: Double(count))
        }
    }

    /// The metrics in Prometheus text format.
    public func render() -> String {
        registry.emitToString()
    }

    private func queueGauge(arch: String, owner: String) -> Gauge {
        registry.makeGauge(
            descriptor: Self.name("queue_depth", "", "Queued tasks by arch and owner"), labels: [("arch", arch), ("owner", owner)])
    }

    private func runningGauge(phase: String) -> Gauge {
        registry.makeGauge(descriptor: Self.name("running_tasks", "", "Running tasks by phase"), labels: [("phase", phase)])
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "copr_backend", metricName: metric, unitName: unit, helpText: help)
    }
}

/// The labels of one queue-depth gauge.
public struct QueueDepthKey: Hashable, Sendable {
    public var arch: String
    public var owner: String

    public init(arch: String, owner: String) {
        self.arch = arch
        self.owner = owner
    }
}
