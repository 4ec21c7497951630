/// One configured message bus, as the delivery loop sees it.
///
/// `deliver` returns only once the bus has confirmed the message (a STOMP RECEIPT, a 2xx
/// answer from a webhook); then, and only then, the message may leave the outbox. It
/// throws when delivery is not confirmed (``StompError``, ``WebhookError``), after a
/// bounded time; the message may or may not have arrived, so the caller keeps it and
/// delivers it again later with the same ``BusMessage/eventID``. A sink never retries on its
/// own; retrying is the caller's job. Problems are also logged with metadata `bus`.
public protocol MessageBusSink: Sendable {
    /// The bus's id from its configuration file (`bus_id`).
    var busID: String { get }
    /// Sends `message` and waits for the bus's confirmation.
    func deliver(_ message: BusMessage) async throws
    /// Releases the sink's connections (a STOMP publisher disconnects politely); for
    /// the daemon's shutdown. The sink is not used afterwards.
    func close() async
}
