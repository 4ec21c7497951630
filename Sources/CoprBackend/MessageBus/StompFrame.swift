/// One STOMP 1.2 frame: a command, headers in order, and a body of bytes.
///
/// No STOMP library exists for Swift, so the framing (this type, ``StompFrameEncoder`` and
/// ``StompFrameDecoder``) is written here from the STOMP 1.2 specification. Repeated
/// headers are kept; as the specification says, the first one counts.
public struct StompFrame: Sendable, Hashable {
    /// The commands of STOMP 1.2, client and server frames.
    public enum Command: String, Sendable, Hashable, CaseIterable {
        case connect = "CONNECT", stomp = "STOMP", send = "SEND", subscribe = "SUBSCRIBE"
        case unsubscribe = "UNSUBSCRIBE", ack = "ACK", nack = "NACK", begin = "BEGIN", commit = "COMMIT"
        case abort = "ABORT", disconnect = "DISCONNECT"
        case connected = "CONNECTED", message = "MESSAGE", receipt = "RECEIPT", error = "ERROR"

        /// CONNECT and CONNECTED frames carry their headers unescaped, for 1.0 peers.
        var escapesHeaders: Bool { self != .connect && self != .connected }
    }

    /// One `name:value` header line.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var command: Command
    /// In wire order, unescaped.
    public var headers: [Header]
    /// The raw bytes between the blank line and the frame's NUL (may contain NUL bytes).
    public var body: [UInt8]

    public init(_ command: Command, headers: [Header] = [], body: [UInt8] = []) {
        self.command = command
        self.headers = headers
        self.body = body
    }

    /// The first header called `name`, nil if there is none.
    public subscript(header name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// `text` with STOMP 1.2's header escapes: backslash, carriage return, line feed, colon.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { "\\\r\n:".unicodeScalars.contains($0) }) else {
            return text
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\r": escaped += "\\r"
            case "\n": escaped += "\\n"
            case ":": escaped += "\\c"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Undoes ``escape(_:)``; nil for an escape the specification does not define, which a
    /// peer must treat as a fatal protocol error.
    static func unescape(_ text: String) -> String? {
        guard text.contains("\\") else { return text }
        var plain = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                plain.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "\\": plain += "\\"
            case "r": plain += "\r"
            case "n": plain += "\n"
            case "c": plain += ":"
            default: return nil
            }
        }
        return plain
    }
}
