/// A child's output kept up to a byte limit; what comes after the limit is drained and
/// dropped, so a chatty child never blocks on a full pipe.
final class CappedOutput: Sendable {
    struct Collected: Sendable {
        var text: String
        var truncated: Bool
        var validUTF8: Bool
    }

    private let limit: Int
    private let state = LockedValue((bytes: [UInt8](), truncated: false))

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ chunk: [UInt8]) {
        state.withLock { state in
            let room = limit - state.bytes.count
            if chunk.count > room { state.truncated = true }
            if room > 0 { state.bytes.append(contentsOf: chunk.prefix(room)) }
        }
    }

    /// The text so far; invalid UTF-8 is replaced and reported.
    var collected: Collected {
        let (bytes, truncated) = state.value
        let strict = String(validating: bytes, as: UTF8.self)
        return Collected(text: strict ?? String(decoding: bytes, as: UTF8.self), truncated: truncated, validUTF8: strict != nil)
    }

    /// Everything `pipe` delivers, up to `limit`.
    static func collect(_ pipe: OutputPipe, limit: Int) async throws -> Collected {
        let output = CappedOutput(limit: limit)
        try await pipe.read { output.append($0) }
        return output.collected
    }
}
