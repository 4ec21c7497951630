import NIOCore

/// Reads STOMP 1.2 frames from bytes (hand-written, see ``StompFrame``).
///
/// Line ends between frames (heart-beats) are skipped. A body is read by its
/// `content-length` when the frame has one, so it may contain NUL bytes, and up to the
/// first NUL otherwise. A frame larger than `maximumFrameSize`, an unknown command or an
/// undefined escape throws ``StompError/malformedFrame(_:)``, and the connection is closed.
public struct StompFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = StompFrame

    /// The most bytes one frame may take, headers and body together.
    public let maximumFrameSize: Int

    /// `maximumFrameSize` bounds the memory one peer can make us hold.
    public init(maximumFrameSize: Int = 16 << 20) {
        self.maximumFrameSize = maximumFrameSize
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let heartbeats = buffer.readableBytesView.prefix { $0 == newline || $0 == carriageReturn }.count
        if heartbeats > 0 {
            buffer.moveReaderIndex(forwardBy: heartbeats)
            return .continue
        }
        guard let (frame, length) = try parse(buffer.readableBytesView) else {
            guard buffer.readableBytes <= maximumFrameSize else {
                throw StompError.malformedFrame("a frame larger than \(maximumFrameSize) bytes")
            }
            return .needMoreData
        }
        guard length <= maximumFrameSize else {
            throw StompError.malformedFrame("a frame larger than \(maximumFrameSize) bytes")
        }
        buffer.moveReaderIndex(forwardBy: length)
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A frame cut off by the end of the connection is lost with the connection.
        try decode(context: context, buffer: &buffer)
    }

    /// The first frame of `bytes` and how many bytes it takes, nil while it is incomplete.
    private func parse(_ bytes: ByteBufferView) throws -> (StompFrame, Int)? {
        var lines: [String] = []
        var position = bytes.startIndex
        while true {
            guard let lineFeed = bytes[position...].firstIndex(of: newline) else { return nil }
            var lineEnd = lineFeed
            if lineEnd > position, bytes[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
            let line = bytes[position..<lineEnd]
            position = lineFeed + 1
            if line.isEmpty { break }
            lines.append(String(decoding: line, as: UTF8.self))
        }
        guard let commandLine = lines.first, let command = StompFrame.Command(rawValue: commandLine) else {
            throw StompError.malformedFrame("unknown command '\(lines.first ?? "")'")
        }
        let headers = try lines.dropFirst().map { try header($0, escaped: command.escapesHeaders) }
        let bodyStart = position
        let bodyEnd: Int
        if let declared = headers.first(where: { $0.name == "content-length" })?.value {
            guard let length = Int(declared), length >= 0, length <= maximumFrameSize else {
                throw StompError.malformedFrame("content-length '\(declared)' is not a size up to \(maximumFrameSize) bytes")
            }
            guard bytes.endIndex - bodyStart > length else { return nil }
            bodyEnd = bodyStart + length
            guard bytes[bodyEnd] == 0 else {
                throw StompError.malformedFrame("the \(length) body bytes of a \(command.rawValue) frame are not followed by NUL")
            }
        } else {
            guard let nul = bytes[bodyStart...].firstIndex(of: 0) else { return nil }
            bodyEnd = nul
        }
        let frame = StompFrame(command, headers: headers, body: Array(bytes[bodyStart..<bodyEnd]))
        return (frame, bodyEnd + 1 - bytes.startIndex)
    }

    /// `name:value`, split at the first colon; escapes undone unless the frame is a
    /// CONNECT or CONNECTED frame.
    private func header(_ line: String, escaped: Bool) throws -> StompFrame.Header {
        guard let colon = line.firstIndex(of: ":") else {
            throw StompError.malformedFrame("header line without a colon: '\(line.prefix(80))'")
        }
        let name = String(line[..<colon]), value = String(line[line.index(after: colon)...])
        guard escaped else { return StompFrame.Header(name, value) }
        guard let plainName = StompFrame.unescape(name), let plainValue = StompFrame.unescape(value) else {
            throw StompError.malformedFrame("undefined escape sequence in header '\(line.prefix(80))'")
        }
        return StompFrame.Header(plainName, plainValue)
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
