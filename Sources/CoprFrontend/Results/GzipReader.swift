import CompressNIO
import Foundation
import NIOCore

/// Reads the decompressed content of a gzip file (a log the backend compressed after the
/// build) one piece at a time, as the consumer asks for it: reading stops as soon as the
/// consumer has enough, and a log of gigabytes is never in memory whole. zlib does the
/// work, through compress-nio.
struct GzipReader: Sendable {
    /// Compressed bytes read from the file at once.
    static let readSize = 16 * 1024
    /// The most decompressed bytes handed to the consumer at once.
    static let pieceSize = 64 * 1024

    /// The compressed file.
    let path: String

    /// Calls `consume` with each piece of the decompressed content, in order, until the end
    /// or until `consume` returns false. Throws `POSIXError(.ENOENT)` when the file does not
    /// exist and ``GzipReader/Failure`` when it is not gzip data. Bytes after the end of the
    /// gzip stream are ignored, as `gzip -d` does with a warning.
    func forEachChunk(_ consume: (ByteBuffer) async throws -> Bool) async throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? Failure(path: path, reason: "it cannot be read") : POSIXError(.ENOENT)
        }
        defer { try? file.close() }
        let decompressor: ZlibDecompressor
        do {
            decompressor = try ZlibDecompressor(algorithm: .gzip)
        } catch {
            throw Failure(path: path, reason: "zlib cannot start: \(error)")
        }
        while let data = try file.read(upToCount: Self.readSize), !data.isEmpty {
            var input = ByteBuffer(bytes: data)
            while input.readableBytes > 0 {
                let before = input.readableBytes
                var piece = ByteBufferAllocator().buffer(capacity: Self.pieceSize)
                let streamEnded = try inflate(&input, into: &piece, with: decompressor)
                if piece.readableBytes > 0 {
                    guard try await consume(piece) else { return }
                }
                if streamEnded { return }
                // zlib always takes input or gives output; anything else would loop forever.
                guard input.readableBytes < before || piece.readableBytes > 0 else {
                    throw Failure(path: path, reason: "zlib made no progress")
                }
            }
        }
    }

    /// Decompresses from `input` into `piece` until one of them is used up; returns whether
    /// the gzip stream ended with input left over.
    private func inflate(_ input: inout ByteBuffer, into piece: inout ByteBuffer, with decompressor: ZlibDecompressor) throws -> Bool {
        do {
            try decompressor.inflate(from: &input, to: &piece)
            // Without an error zlib either used all input or reached the stream's end.
            return input.readableBytes > 0
        } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
            // The piece is full, or zlib needs the next bytes of the file.
            return false
        } catch {
            throw Failure(path: path, reason: "it is not valid gzip data (\(error))")
        }
    }

    /// The file could not be decompressed.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "cannot decompress \(path): \(reason)" }
    }
}
