import NIOCore

/// When a client has had too long to send the request the server is reading, as a plain
/// value: no I/O and no clock. ``RequestReadTimeoutHandler`` feeds it what the connection
/// sees (the server asks for bytes, bytes arrive, a request's head or end is decoded) and
/// closes the connection when ``expiry(at:)`` says the client's time is up.
///
/// Two limits apply, and only while the server is waiting for bytes (it asked for more
/// and none came), so a server that pauses reading (its consumer is busy) never blames
/// the client:
/// - the head of a request must be complete within `headerTimeout` of its first byte,
///   however steadily it trickles in; the first request's, within `headerTimeout` of the
///   connection's opening, so a client that connects and says nothing goes as soon;
/// - the body must not go `bodyTimeout` without a byte; a body that keeps moving may take
///   as long as it needs.
///
/// Between requests, and while the server answers a request it has read, neither applies:
/// Hummingbird's idle timeout ends a kept-alive connection with nothing in progress, and a
/// long answer (a large download, a live log) is never cut here.
struct RequestReadDeadlines {
    /// Which limit the client ran out of.
    enum Expiry: Equatable, CustomStringConvertible {
        case header
        case body

        var description: String {
            switch self {
            case .header: "no complete request head in time"
            case .body: "no byte of the request body in time"
            }
        }
    }

    private enum Phase: Equatable {
        /// No request is being read: the last one ended (or none came yet).
        case betweenRequests
        /// A request head is due: its first bytes came, or the connection opened, at `since`.
        case head(since: NIODeadline)
        /// The head is complete; its body has not ended.
        case body
    }

    let headerTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    private var phase: Phase
    /// Since when the server has asked for bytes without getting any; nil while it is not
    /// asking (it has not yet asked again after the last bytes, or it paused reading).
    private var waitingSince: NIODeadline?

    /// The deadlines of a connection opened at `openedAt`, its first request due.
    init(headerTimeout: TimeAmount, bodyTimeout: TimeAmount, openedAt: NIODeadline) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        phase = .head(since: openedAt)
    }

    /// The server asked the connection for more bytes.
    mutating func readRequested(at now: NIODeadline) {
        if waitingSince == nil { waitingSince = now }
    }

    /// Bytes arrived. `completedNoPart` says that none of them completed an HTTP part (a
    /// head, a piece of body, an end): between requests, that is the start of a head
    /// still to come.
    mutating func bytesArrived(at now: NIODeadline, completedNoPart: Bool) {
        waitingSince = nil
        if phase == .betweenRequests && completedNoPart {
            phase = .head(since: now)
        }
    }

    /// A request's head was decoded: its body (possibly empty) follows.
    mutating func headReceived() {
        phase = .body
    }

    /// A request was read to its end.
    mutating func endReceived() {
        phase = .betweenRequests
    }

    /// When the client's time runs out if it sends nothing more; nil while no limit runs.
    var deadline: NIODeadline? {
        guard let waitingSince else { return nil }
        switch phase {
        case .betweenRequests: return nil
        case .head(let since): return since + headerTimeout
        case .body: return waitingSince + bodyTimeout
        }
    }

    /// The limit the client has run out of at `now`, or nil while it still has time.
    func expiry(at now: NIODeadline) -> Expiry? {
        guard let deadline, now >= deadline else { return nil }
        return phase == .body ? .body : .header
    }
}
