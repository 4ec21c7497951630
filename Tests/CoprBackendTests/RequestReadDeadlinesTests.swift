import NIOCore
import Testing
@testable import CoprHTTPServer

/// The read deadlines of one connection as a plain value: what a client may do before
/// the server closes it, with the clock in the test's hand.
@Suite("Listeners: request read deadlines")
struct RequestReadDeadlinesTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    /// `seconds` after ``start``.
    static func at(_ seconds: Double) -> NIODeadline {
        start + .nanoseconds(Int64(seconds * 1e9))
    }

    /// A connection opened at ``start``.
    func fresh() -> RequestReadDeadlines {
        RequestReadDeadlines(headerTimeout: .seconds(20), bodyTimeout: .seconds(60), openedAt: Self.at(0))
    }

    /// A connection whose first request was read and answered at 1 s.
    func keptAlive() -> RequestReadDeadlines {
        var deadlines = fresh()
        deadlines.headReceived()
        deadlines.endReceived()
        deadlines.bytesArrived(at: Self.at(1), completedNoPart: false)
        deadlines.readRequested(at: Self.at(1))
        return deadlines
    }

    @Test("a connection opened and left silent must send its first head within the header timeout")
    func silentConnection() {
        var deadlines = fresh()
        deadlines.readRequested(at: Self.at(0))
        #expect(deadlines.deadline == Self.at(20))
        #expect(deadlines.expiry(at: Self.at(19.9)) == nil)
        #expect(deadlines.expiry(at: Self.at(20)) == .header)

        // Bytes of a late first head do not restart the clock.
        var late = fresh()
        late.bytesArrived(at: Self.at(15), completedNoPart: true)
        late.readRequested(at: Self.at(15))
        #expect(late.deadline == Self.at(20))
    }

    @Test("between requests no limit runs: a kept-alive connection is the idle timeout's, an answer in progress is never cut")
    func betweenRequests() {
        let deadlines = keptAlive()
        #expect(deadlines.deadline == nil)
        #expect(deadlines.expiry(at: Self.at(100_000)) == nil)
    }

    @Test("a head must be complete within the header timeout of its first byte, however steadily it trickles")
    func trickledHead() {
        var deadlines = keptAlive()
        deadlines.bytesArrived(at: Self.at(5), completedNoPart: true)
        for second in 6..<25 {
            deadlines.readRequested(at: Self.at(Double(second) - 0.9))
            deadlines.bytesArrived(at: Self.at(Double(second)), completedNoPart: true)
        }
        deadlines.readRequested(at: Self.at(24.1))
        #expect(deadlines.deadline == Self.at(25))
        #expect(deadlines.expiry(at: Self.at(24.9)) == nil)
        #expect(deadlines.expiry(at: Self.at(25)) == .header)
    }

    @Test("a head completed in time ends the header limit; the body limit follows")
    func headInTime() {
        var deadlines = fresh()
        deadlines.bytesArrived(at: Self.at(0), completedNoPart: true)
        deadlines.headReceived()
        deadlines.bytesArrived(at: Self.at(19), completedNoPart: false)
        deadlines.readRequested(at: Self.at(19))
        #expect(deadlines.deadline == Self.at(79))
        #expect(deadlines.expiry(at: Self.at(30)) == nil)
        #expect(deadlines.expiry(at: Self.at(79)) == .body)
    }

    @Test("a body may take as long as it needs while bytes keep coming, and may not go the body timeout without one")
    func bodyProgress() {
        var deadlines = fresh()
        deadlines.bytesArrived(at: Self.at(0), completedNoPart: false)
        deadlines.headReceived()
        // An hour of upload, a byte every 50 s.
        for second in stride(from: 50.0, through: 3600, by: 50) {
            deadlines.readRequested(at: Self.at(second - 50))
            #expect(deadlines.expiry(at: Self.at(second - 0.1)) == nil)
            deadlines.bytesArrived(at: Self.at(second), completedNoPart: false)
        }
        deadlines.readRequested(at: Self.at(3600))
        #expect(deadlines.expiry(at: Self.at(3659)) == nil)
        #expect(deadlines.expiry(at: Self.at(3660)) == .body)

        // The body's end: the server answers, no limit runs.
        deadlines.endReceived()
        #expect(deadlines.deadline == nil)
    }

    @Test("while the server does not ask for bytes (its reader is busy) the client is not blamed")
    func serverPaused() {
        var deadlines = fresh()
        deadlines.bytesArrived(at: Self.at(0), completedNoPart: false)
        deadlines.headReceived()
        // The server took the bytes but asks for more only at 500 s.
        #expect(deadlines.deadline == nil)
        #expect(deadlines.expiry(at: Self.at(400)) == nil)
        deadlines.readRequested(at: Self.at(500))
        deadlines.readRequested(at: Self.at(530))
        #expect(deadlines.deadline == Self.at(560))
        #expect(deadlines.expiry(at: Self.at(560)) == .body)
    }

    @Test("the next request on a kept-alive connection gets its own header limit from its own first byte")
    func nextRequest() {
        var deadlines = keptAlive()
        deadlines.bytesArrived(at: Self.at(40), completedNoPart: true)
        deadlines.readRequested(at: Self.at(40))
        #expect(deadlines.deadline == Self.at(60))
        #expect(deadlines.expiry(at: Self.at(60)) == .header)
    }
}
