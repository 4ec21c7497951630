import Foundation
import NIOCore

/// The end of a task's `builder-live.log` as the build page shows it before any script
/// runs, with the offset the page's poller continues from (the log API's offsets).
struct LogTail: Sendable {
    /// How much of the end a page shows.
    static let size = 32 * 1024

    let text: String
    /// Where the log API continues after `text`.
    let nextOffset: Int
    /// The log has more before `text`.
    let isCut: Bool

    /// Reads the tail of the log in `taskDirectory` (absolute); a log not written yet is empty.
    static func read(taskDirectory: String) async throws -> LogTail {
        let plain = (taskDirectory as NSString).appendingPathComponent(LiveLogReader.logName)
        let size = ((try? FileManager.default.attributesOfItem(atPath: plain))?[.size] as? NSNumber)?.intValue ?? 0
        let start = max(0, size - Self.size)
        let piece = try await LiveLogReader(taskDirectory: taskDirectory, pieceSize: Self.size).read(from: start)
        var bytes = piece.bytes
        if start > 0, let newline = bytes.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            // Begin at a whole line.
            bytes.moveReaderIndex(to: newline + 1)
        }
        return LogTail(text: String(buffer: bytes), nextOffset: piece.nextOffset, isCut: start > 0)
    }
}
