import Foundation

/// The end of a log read piece by piece: only the last bytes are kept, so a log of any
/// size costs a bounded amount of memory; ``lines`` are its last lines.
struct LogTail {
    /// How many lines a failure shows.
    static let defaultLines = 25
    /// Bytes kept: enough for the last lines of any build log.
    private static let keptBytes = 64 * 1024

    private var bytes = Data()

    mutating func append(_ piece: Data) {
        bytes.append(piece)
        if bytes.count > Self.keptBytes { bytes = bytes.suffix(Self.keptBytes) }
    }

    /// The last `count` lines, without the final newline's empty line.
    func lines(_ count: Int = LogTail.defaultLines) -> [String] {
        var all = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if all.last == "" { all.removeLast() }
        return Array(all.suffix(count))
    }
}

extension UserAPIClient {
    /// The last lines of the log of task `chroot` of build `buildID`, read to its end.
    func logTail(buildID: Int, chroot: String, lines: Int = LogTail.defaultLines) async throws -> [String] {
        var tail = LogTail()
        var offset = 0
        while true {
            let chunk = try await log(buildID: buildID, chroot: chroot, offset: offset)
            guard chunk.bytes.readableBytes > 0 else { break }
            tail.append(Data(chunk.bytes.readableBytesView))
            offset = chunk.nextOffset
            if chunk.complete { break }
        }
        return tail.lines(lines)
    }
}
