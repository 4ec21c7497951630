import Foundation
import Hummingbird

/// Reads a task's `builder-live.log` from a byte offset, whether it is still plain (the
/// build runs, the backend appends to it) or already compressed to `builder-live.log.gz`
/// (the backend gzips the logs once the task ended); offsets always count uncompressed
/// bytes, so a client following the log keeps its offset across the compression.
///
/// ```swift
/// let piece = try await LiveLogReader(taskDirectory: "/var/lib/copr/public_html/results/jdoe/hello/srpm-builds/00000012").read(from: 0)
/// ```
public struct LiveLogReader: Sendable {
    /// The most one answer carries, so that a long log comes in pieces of bounded size.
    public static let maximumPieceSize = 1 << 20
    /// The log's name in a task directory.
    public static let logName = "builder-live.log"

    /// Some bytes of the log.
    public struct Piece: Sendable, Equatable {
        public var bytes: ByteBuffer
        /// The offset right after `bytes`: where the next read starts.
        public var nextOffset: Int
        /// Nothing follows `bytes` in the log as it is now (a running task may still add more).
        public var reachedEnd: Bool
        /// The backend is done with the log: it is compressed (the backend compresses a
        /// task's logs as it reports the end), there is none, or it has not changed for
        /// ``settledAfter`` (a backend that could not compress it). A task canceled on the
        /// frontend has ended there while its backend still adds what the build printed
        /// as it stopped.
        public var isFinal: Bool

        public init(bytes: ByteBuffer, nextOffset: Int, reachedEnd: Bool, isFinal: Bool) {
            self.bytes = bytes
            self.nextOffset = nextOffset
            self.reachedEnd = reachedEnd
            self.isFinal = isFinal
        }
    }

    /// How long a plain log must stay unchanged to count as final.
    public static let settledAfter: TimeInterval = 60

    /// The absolute path of the task's result directory.
    public let taskDirectory: String
    private let pieceSize: Int

    /// - Parameter pieceSize: The most one read returns; ``maximumPieceSize`` unless a test
    ///   wants smaller pieces.
    public init(taskDirectory: String, pieceSize: Int = LiveLogReader.maximumPieceSize) {
        self.taskDirectory = taskDirectory
        self.pieceSize = pieceSize
    }

    /// Up to the piece size of the log from `offset` on. A log that does not exist (yet)
    /// reads as empty; an offset past the end gives no bytes and keeps the offset.
    public func read(from offset: Int) async throws -> Piece {
        precondition(offset >= 0, "log offsets start at 0")
        let plainPath = (taskDirectory as NSString).appendingPathComponent(Self.logName)
        // Plain first: while the backend compresses, both exist and the plain one is
        // complete; an open plain log stays readable when gzip removes it.
        if let plain = FileHandle(forReadingAtPath: plainPath) {
            defer { try? plain.close() }
            return try readPlain(plain, from: offset)
        }
        do {
            return try await readCompressed(GzipReader(path: plainPath + ".gz"), from: offset)
        } catch let error as POSIXError where error.code == .ENOENT {
            return Piece(bytes: ByteBuffer(), nextOffset: offset, reachedEnd: true, isFinal: true)
        }
    }

    private func readPlain(_ file: FileHandle, from offset: Int) throws -> Piece {
        try file.seek(toOffset: UInt64(offset))
        let data = try file.read(upToCount: pieceSize) ?? Data()
        let nextOffset = offset + data.count
        // The size after the read: what was appended meanwhile still follows.
        let size = Int(try file.seekToEnd())
        var status = stat()
        let settled = fstat(file.fileDescriptor, &status) == 0
            && Date().timeIntervalSince1970 - Double(status.st_mtim.tv_sec) > Self.settledAfter
        return Piece(bytes: ByteBuffer(bytes: data), nextOffset: nextOffset, reachedEnd: nextOffset >= size, isFinal: settled)
    }

    /// Decompresses from the start, drops what precedes `offset`, and reads one byte past
    /// the piece to tell whether more follows.
    private func readCompressed(_ log: GzipReader, from offset: Int) async throws -> Piece {
        var skip = offset
        var piece = ByteBuffer()
        try await log.forEachChunk { chunk in
            var chunk = chunk
            let skipped = min(skip, chunk.readableBytes)
            chunk.moveReaderIndex(forwardBy: skipped)
            skip -= skipped
            piece.writeImmutableBuffer(chunk)
            return piece.readableBytes <= pieceSize
        }
        let reachedEnd = piece.readableBytes <= pieceSize
        let bytes = piece.readSlice(length: min(piece.readableBytes, pieceSize)) ?? ByteBuffer()
        return Piece(bytes: bytes, nextOffset: offset + bytes.readableBytes, reachedEnd: reachedEnd, isFinal: true)
    }
}
