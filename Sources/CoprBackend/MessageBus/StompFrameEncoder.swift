import NIOCore

/// Writes ``StompFrame``s as STOMP 1.2 bytes (hand-written, see ``StompFrame``): the
/// command line, escaped headers, a blank line, the body and a NUL.
///
/// Every frame with a body, and every SEND, gets a `content-length` computed here (one
/// passed in the headers is dropped), so a body may contain NUL bytes.
public struct StompFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = StompFrame

    public init() {}

    public func encode(data frame: StompFrame, out: inout ByteBuffer) throws {
        out.writeString(frame.command.rawValue)
        out.writeInteger(UInt8(ascii: "\n"))
        for header in frame.headers where header.name != "content-length" {
            if frame.command.escapesHeaders {
                out.writeString(StompFrame.escape(header.name))
                out.writeInteger(UInt8(ascii: ":"))
                out.writeString(StompFrame.escape(header.value))
            } else {
                // CONNECT headers travel unescaped; a line break would end the header early.
                guard !(header.name + header.value).contains(where: \.isNewline), !header.name.contains(":") else {
                    throw StompError.malformedFrame("\(frame.command.rawValue) header \(header.name) cannot hold a line break or a colon in its name")
                }
                out.writeString("\(header.name):\(header.value)")
            }
            out.writeInteger(UInt8(ascii: "\n"))
        }
        if !frame.body.isEmpty || frame.command == .send {
            out.writeString("content-length:\(frame.body.count)\n")
        }
        out.writeInteger(UInt8(ascii: "\n"))
        out.writeBytes(frame.body)
        out.writeInteger(UInt8(0))
    }
}
