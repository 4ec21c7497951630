import CoprBackend
import NIOCore
import NIOEmbedded
import Testing

/// The hand-written STOMP 1.2 framing, and the pure values of the publisher (heart-beat
/// negotiation, reconnect pauses).
@Suite("Message bus STOMP frames")
struct MessageBusFrameCodecTests {
    func codec() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(StompFrameDecoder(maximumFrameSize: 1024)), MessageToByteHandler(StompFrameEncoder()))
        return channel
    }

    func encoded(_ frame: StompFrame) throws -> String {
        let channel = try codec()
        try channel.writeOutbound(frame)
        let bytes = try #require(try channel.readOutbound(as: ByteBuffer.self))
        return String(buffer: bytes)
    }

    func decoded(_ text: String, in pieces: Int = 1) throws -> [StompFrame] {
        let channel = try codec()
        let bytes = Array(text.utf8)
        let size = max(1, (bytes.count + pieces - 1) / pieces)
        for start in stride(from: 0, to: bytes.count, by: size) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + size, bytes.count)]))
        }
        var frames: [StompFrame] = []
        while let frame = try channel.readInbound(as: StompFrame.self) {
            frames.append(frame)
        }
        return frames
    }

    @Test("a SEND is escaped, gets its content-length, and a body with NUL bytes survives the round trip")
    func sendRoundTrip() throws {
        let frame = StompFrame(.send, headers: [
            .init("destination", "/queue/copr"), .init("event-id", "77:fedora\n41\\x\r"), .init("content-length", "999"),
        ], body: Array("ab\u{0}cd".utf8))
        let wire = try encoded(frame)
        #expect(wire == "SEND\ndestination:/queue/copr\nevent-id:77\\cfedora\\n41\\\\x\\r\ncontent-length:5\n\nab\u{0}cd\u{0}")
        let back = try decoded(wire, in: wire.utf8.count)
        #expect(back.count == 1)
        #expect(back.first?.body == Array("ab\u{0}cd".utf8))
        #expect(back.first?[header: "event-id"] == "77:fedora\n41\\x\r")
        #expect(back.first?[header: "content-length"] == "5")
    }

    @Test("CONNECT travels unescaped; a line break in one of its headers is refused")
    func connectFrame() throws {
        let wire = try encoded(StompFrame(.connect, headers: [.init("login", "a\\b"), .init("passcode", "p:w")]))
        #expect(wire == "CONNECT\nlogin:a\\b\npasscode:p:w\n\n\u{0}")
        #expect(throws: StompError.self) { try encoded(StompFrame(.connect, headers: [.init("passcode", "p\nw")])) }
    }

    @Test("heart-beats between frames, CRLF line ends, repeated headers (first wins), body up to NUL")
    func decoding() throws {
        let frames = try decoded(
            "\n\r\nMESSAGE\r\ntopic:build.start\r\ntopic:ignored\r\nsubscription:0\r\n\r\n{\"a\":1}\u{0}\n\nRECEIPT\nreceipt-id:r\\c1\n\n\u{0}\n",
            in: 7)
        #expect(frames.map(\.command) == [.message, .receipt])
        #expect(frames[0][header: "topic"] == "build.start")
        #expect(frames[0].headers.count == 3)
        #expect(frames[0].body == Array("{\"a\":1}".utf8))
        #expect(frames[1][header: "receipt-id"] == "r:1")
        // CONNECTED keeps backslashes as they are.
        #expect(try decoded("CONNECTED\nserver:a\\b\n\n\u{0}").first?[header: "server"] == "a\\b")
    }

    @Test("not STOMP: unknown command, undefined escape, missing NUL after content-length, too large")
    func malformed() throws {
        #expect(throws: StompError.self) { try decoded("HELLO\n\n\u{0}") }
        #expect(throws: StompError.self) { try decoded("MESSAGE\nx:a\\tb\n\n\u{0}") }
        #expect(throws: StompError.self) { try decoded("MESSAGE\ncontent-length:2\n\nabc\u{0}") }
        #expect(throws: StompError.self) { try decoded("MESSAGE\nx:" + String(repeating: "y", count: 2000)) }
        #expect(throws: StompError.self) { try decoded("MESSAGE\ncontent-length:5000\n\n") }
    }

    @Test("heart-beats: the slower side wins, zero means none, a silent broker is dead after two intervals")
    func heartbeatNegotiation() {
        #expect(StompHeartbeat.offer(.seconds(10)) == "10000,10000")
        let both = StompHeartbeat.negotiate(offered: .seconds(10), answer: "5000,20000")
        #expect(both.sendInterval == .seconds(20))
        #expect(both.receiveInterval == .seconds(10))
        #expect(both.deadAfter == .seconds(20))
        #expect(StompHeartbeat.negotiate(offered: .seconds(1), answer: "0,0") == StompHeartbeat(sendInterval: nil, receiveInterval: nil))
        #expect(StompHeartbeat.negotiate(offered: .zero, answer: "1000,1000") == StompHeartbeat(sendInterval: nil, receiveInterval: nil))
        #expect(StompHeartbeat.negotiate(offered: .seconds(1), answer: nil) == StompHeartbeat(sendInterval: nil, receiveInterval: nil))
        #expect(StompHeartbeat.negotiate(offered: .seconds(1), answer: "0,500") == StompHeartbeat(sendInterval: .seconds(1), receiveInterval: nil))
    }

    @Test("reconnect pauses: none before a failure, then doubling up to the maximum, reset by a success")
    func backoff() {
        var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(5))
        var pauses: [Duration] = [backoff.delay]
        for _ in 0..<5 {
            backoff.recordFailure()
            pauses.append(backoff.delay)
        }
        #expect(pauses == [.zero, .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        backoff.recordSuccess()
        #expect(backoff.delay == .zero)
    }
}
