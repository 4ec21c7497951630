/// Splits the bytes Chromium writes on its DevTools pipe into messages: each is one JSON
/// text followed by a NUL byte, and a read may end anywhere, inside a message or between
/// several.
struct DevToolsFraming: Sendable {
    private var pending: [UInt8] = []
    /// How much of `pending` is known to hold no NUL: a long message (a screenshot is
    /// megabytes) is scanned once, not again with every read.
    private var scanned = 0

    /// Adds `bytes` and returns the messages they completed, in order, without their NUL.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        pending.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        var start = 0
        var index = scanned
        while index < pending.count {
            if pending[index] == 0 {
                messages.append(Array(pending[start..<index]))
                start = index + 1
            }
            index += 1
        }
        pending.removeFirst(start)
        scanned = pending.count
        return messages
    }

    /// Bytes of a message not yet complete.
    var incompleteBytes: Int { pending.count }

    /// `message` as written to the pipe: the JSON text and its NUL.
    static func frame(_ message: [UInt8]) -> [UInt8] {
        message + [0]
    }
}
