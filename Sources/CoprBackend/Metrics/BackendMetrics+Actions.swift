import CoprCore
import Prometheus

extension BackendMetrics {
    /// The action dispatcher's queue now: actions waiting to start and actions running.
    public func actions(queued: Int, running: Int) {
        registry.makeGauge(descriptor: Self.name("actions_queued", "", "Actions waiting to start")).set(Int64(queued))
        registry.makeGauge(descriptor: Self.name("actions_running", "", "Actions running now")).set(Int64(running))
    }

    /// An action of `type` came to `result` after `duration`.
    public func actionFinished(type: String, result: ActionResult, after duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("actions_finished", "total", "Actions that ended, by result"), labels: [("result", result.name)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("actions_duration", "seconds", "Time an action takes, by type"),
            labels: [("type", type)], buckets: [0.1, 1, 5, 15, 60, 300, 900, 3600].map { .seconds($0) }
        ).record(duration)
    }
}
