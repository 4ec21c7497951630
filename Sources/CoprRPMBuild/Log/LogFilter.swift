/// The log filter of detached runs (upstream's `copr-rpmbuild-loggify`): turns raw build
/// output into readable log lines. A line redrawn with carriage returns (progress bars)
/// keeps only its last state; terminal escape sequences and the CR, SO and SI control
/// characters are removed.
///
/// It is a value fed with chunks as they arrive; only complete lines are emitted, so a
/// progress line is written once, in its final state.
public struct LogFilter: Sendable {
    private var pending: [UInt8] = []
    /// A line longer than this is emitted unfinished, so memory stays bounded.
    public var maximumLineLength = 1 << 20

    public init() {}

    /// Consumes a chunk and returns the filtered complete lines it finished.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        for byte in chunk {
            if byte == 0x0A {
                output += Self.clean(pending)
                output.append(0x0A)
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count >= maximumLineLength {
                    output += Self.clean(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        return output
    }

    /// Returns the filtered rest at the end of the input.
    public mutating func finish() -> [UInt8] {
        defer { pending.removeAll() }
        return pending.isEmpty ? [] : Self.clean(pending) + [0x0A]
    }

    /// One line without its newline: escapes removed, then only the text after the last
    /// carriage return that is followed by something.
    static func clean(_ line: [UInt8]) -> [UInt8] {
        var text = stripEscapes(line)
        while text.last == 0x0D { text.removeLast() }
        if let lastReturn = text.lastIndex(of: 0x0D) {
            text = Array(text[(lastReturn + 1)...])
        }
        return text
    }

    /// Removes CSI (`ESC [ … final`), OSC (`ESC ] … BEL/ST`), charset (`ESC ( x`) and other
    /// two-byte escape sequences, and SO/SI.
    static func stripEscapes(_ line: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == 0x0E || byte == 0x0F {
                index += 1
                continue
            }
            guard byte == 0x1B else {
                result.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < line.count else { break }
            let kind = line[index]
            index += 1
            switch kind {
            case UInt8(ascii: "["):
                while index < line.count, !(0x40...0x7E).contains(line[index]) { index += 1 }
                index += 1
            case UInt8(ascii: "]"):
                while index < line.count {
                    if line[index] == 0x07 { index += 1; break }
                    if line[index] == 0x1B, index + 1 < line.count, line[index + 1] == UInt8(ascii: "\\") { index += 2; break }
                    index += 1
                }
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                index += 1
            default:
                break
            }
        }
        return result
    }
}
