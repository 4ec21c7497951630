import CoprCore

/// One build event ready for every kind of bus: a stable id and both of upstream's bodies.
/// The outbox stores it as it is, so a retry after hours sends the same bytes with the same
/// id, and consumers drop an event they already saw by its id.
public struct BusMessage: Sendable, Hashable, Codable {
    /// Unique per event and the same on every attempt (STOMP header `event-id`, webhook
    /// header `X-Copr-Event-Id`).
    public var eventID: String
    /// The STOMP `topic` header: `build.start`, `chroot.start` or `build.end`.
    public var topic: String
    /// The v1stomp JSON body.
    public var stompBody: [UInt8]
    /// The v1 JSON body with `what`, for webhooks.
    public var v1Body: [UInt8]

    public init(eventID: String, topic: String, stompBody: [UInt8], v1Body: [UInt8]) {
        self.eventID = eventID
        self.topic = topic
        self.stompBody = stompBody
        self.v1Body = v1Body
    }

    /// Both bodies of `event`, from ``EventBodies``; `who` and `pid` name the sender as
    /// upstream does (`backend.worker-<worker id>`, the worker's process id).
    public init(eventID: String, event: BuildEvent, who: String, pid: Int32) throws {
        let stomp = EventBodies.v1Stomp(event)
        self.init(
            eventID: eventID, topic: stomp.topic, stompBody: Array(try stomp.body.encoded()),
            v1Body: Array(try EventBodies.v1(event, who: who, pid: pid).encoded()))
    }
}
