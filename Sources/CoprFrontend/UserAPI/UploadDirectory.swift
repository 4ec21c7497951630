import CoprCore
import Foundation
import Hummingbird

/// Where uploaded sources are kept: each upload in a directory of its own,
/// `<directory>/<UUID>/<file name>`, so uploads of the same name never meet and an upload
/// goes away with its directory. An upload is named by its path relative to the
/// directory, `<UUID>/<file name>`, which is also its path under `/uploads/`.
struct UploadDirectory: Sendable {
    /// The absolute path of the directory.
    let path: String

    init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Streams `body` into a new upload named `fileName` (a name `TaskRules.sourceFileName(_:field:)`
    /// accepted) and returns it. Refuses with 413 as soon as more than `maximumSize` bytes
    /// came, and with 400 when the body breaks off (the client closed the connection before
    /// its `Content-Length` or last chunk, or sent a malformed chunk): the client's fault,
    /// not the server's. When anything fails, nothing of the upload stays behind.
    func receive(_ body: RequestBody, fileName: String, maximumSize: Int) async throws -> String {
        let writer = try UploadWriter(in: self, fileName: fileName, maximumSize: maximumSize)
        do {
            var chunks = body.makeAsyncIterator()
            while let buffer = try await Self.next(of: &chunks, received: writer.received) {
                try writer.write(buffer.readableBytesView)
            }
            return try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// The next piece of an upload's body. A failure to read it is the client's (the
    /// connection ended early or the body is malformed), so it becomes a 400 that says how
    /// much arrived; a cancellation (the server stops) stays what it is.
    static func next(of chunks: inout RequestBody.AsyncIterator, received: Int) async throws -> ByteBuffer? {
        do {
            return try await chunks.next()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw UserAPIError(
                .badRequest,
                "The upload broke off after \(received) bytes: the connection ended before the whole body arrived (\(error)); send it again")
        }
    }

    /// The path of `upload`.
    func file(_ upload: String) -> String {
        (path as NSString).appendingPathComponent(upload)
    }

    /// The resolved path of `upload` when it is a regular file inside the directory; nil
    /// for anything else (a malformed name, a directory, a link leading out).
    func existingFile(_ upload: String) -> String? {
        guard Self.isUpload(upload), ResolvedPath.isInside(file(upload), root: path),
              let resolved = ResolvedPath.of(file(upload))
        else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return resolved
    }

    /// The contents of `upload` as text (an uploaded spec, at most the upload limit).
    func text(of upload: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(upload))), as: UTF8.self)
    }

    /// A new upload with the same file name and contents as `upload` (which must exist),
    /// for a build resubmitted from it: every upload is one build's.
    func copy(_ upload: String) throws -> String {
        guard let existing = existingFile(upload) else {
            throw UserAPIError(.conflict, "The uploaded file \(TaskRules.quoted(upload)) is gone; upload it again with a new build")
        }
        let copy = "\(UUID().uuidString.lowercased())/\((upload as NSString).lastPathComponent)"
        try FileManager.default.createDirectory(atPath: (file(copy) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: existing, toPath: file(copy))
        return copy
    }

    /// Removes `upload` with its directory; an upload already gone or a malformed name is
    /// left as it is.
    func remove(_ upload: String) throws {
        guard Self.isUpload(upload) else { return }
        let directory = file(String(upload.prefix { $0 != "/" }))
        guard FileManager.default.fileExists(atPath: directory) else { return }
        try FileManager.default.removeItem(atPath: directory)
    }

    /// Whether `upload` has the shape this directory gives uploads: `<UUID>/<file name>`.
    private static func isUpload(_ upload: String) -> Bool {
        (try? UploadName.check(upload)) != nil
    }
}
