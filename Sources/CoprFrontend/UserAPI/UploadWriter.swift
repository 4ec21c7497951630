import CoprCore
import Foundation
import NIOCore

/// One upload being written into its own directory of an ``UploadDirectory``, piece by
/// piece, refused with 413 as soon as it exceeds its size limit. Whoever creates it calls
/// ``finish()`` once the file is complete or ``discard()`` when anything failed, so that
/// nothing of a refused upload stays behind.
final class UploadWriter {
    /// The upload's name, `<UUID>/<file name>`.
    let upload: String
    private let directory: UploadDirectory
    private let handle: FileHandle
    private let maximumSize: Int
    private(set) var received = 0

    /// Creates the file of a new upload named `fileName` (a name `TaskRules.sourceFileName(_:field:)` accepted).
    init(in directory: UploadDirectory, fileName: String, maximumSize: Int) throws {
        let upload = "\(UUID().uuidString.lowercased())/\(fileName)"
        let file = directory.file(upload)
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        } catch {
            try? directory.remove(upload)
            throw error
        }
        self.upload = upload
        self.directory = directory
        self.maximumSize = maximumSize
    }

    /// Appends `bytes`; 413 once the upload exceeds its limit.
    func write(_ bytes: some Collection<UInt8>) throws {
        received += bytes.count
        guard received <= maximumSize else { throw UserAPIError.tooLarge("upload", limit: maximumSize) }
        try handle.write(contentsOf: Data(bytes))
    }

    /// Closes the complete file; returns the upload's name.
    func finish() throws -> String {
        try handle.close()
        return upload
    }

    /// Closes and removes the upload.
    func discard() {
        try? handle.close()
        try? directory.remove(upload)
    }
}
