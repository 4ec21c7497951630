import Foundation
import Logging

/// Announces build events to the message buses through the journal's `Outbox`: the
/// worker only writes a row and goes on, so a bus that is down never holds up or fails a
/// build (upstream connects to the bus before it even fetches the task).
public struct OutboxEventSink: BuildEventSink {
    private let outbox: Outbox
    private let busIDs: [String]
    private let delivery: EventDelivery?
    private let logger: Logger

    /// - Parameters:
    ///   - busIDs: every configured bus; each gets its own copy of every event.
    ///   - delivery: woken after each event, when it runs in this process.
    ///   - logger: `msgbus.log`.
    public init(outbox: Outbox, busIDs: [String], delivery: EventDelivery?, logger: Logger) {
        self.outbox = outbox
        self.busIDs = busIDs
        self.delivery = delivery
        self.logger = logger
    }

    public func announce(_ event: BuildEvent) async {
        do {
            // Upstream's sender identity: `backend.worker-<worker id>`.
            let message = try BusMessage(
                eventID: event.id, event: event, who: "backend.worker-rpm_build_worker:\(event.job.taskID)", pid: getpid())
            try await outbox.enqueue(message, for: busIDs)
        } catch {
            logger.error("Cannot queue the \(event.kind.rawValue) event of \(event.job.taskID) in the outbox: \(error)")
        }
        delivery?.wakeUp()
    }
}
