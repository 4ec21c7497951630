import Foundation

/// Writes bytes to a raw file descriptor, retrying short writes and `EINTR`, without any
/// user-space buffering (so the order with child programs' output is kept).
public struct FileDescriptorWriter: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Descriptor 1.
    public static let standardOutput = FileDescriptorWriter(descriptor: 1)

    /// Writes all bytes; errors (a closed pipe) are ignored because there is nobody left to tell.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Foundation.write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            remaining -= written
            pointer = pointer.advanced(by: written)
        }
    }

    /// Writes a string as UTF-8.
    public func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }
}
