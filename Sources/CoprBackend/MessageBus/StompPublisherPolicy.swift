/// Every timeout and pause of a ``StompPublisher`` in one value, so the delivery loop and
/// the tests (which scale it down) see the whole policy in one place.
public struct StompPublisherPolicy: Sendable, Equatable {
    /// For one broker: the TCP connection, then (TLS and) the CONNECTED answer, each.
    public var connectTimeout: Duration
    /// From a SEND to its RECEIPT.
    public var receiptTimeout: Duration
    /// The heart-beat we offer, both ways (`.zero`: none). A broker silent for two
    /// negotiated intervals is dead.
    public var heartbeat: Duration
    /// The pauses between connection rounds after failures.
    public var backoff: ReconnectBackoff
    /// The largest frame accepted from the broker.
    public var maximumFrameSize: Int

    public init(
        connectTimeout: Duration, receiptTimeout: Duration, heartbeat: Duration, backoff: ReconnectBackoff,
        maximumFrameSize: Int = 1 << 20
    ) {
        self.connectTimeout = connectTimeout
        self.receiptTimeout = receiptTimeout
        self.heartbeat = heartbeat
        self.backoff = backoff
        self.maximumFrameSize = maximumFrameSize
    }

    /// For production: 10 s to connect and for a receipt, heart-beats every 10 s, and
    /// reconnects after 1 s, 2 s, 4 s ... up to a minute.
    public static let standard = StompPublisherPolicy(
        connectTimeout: .seconds(10), receiptTimeout: .seconds(10), heartbeat: .seconds(10),
        backoff: ReconnectBackoff(initial: .seconds(1), maximum: .seconds(60)))
}
