import Foundation

/// Reads many long-lived, non-blocking pipes from one task, all at the same ticks.
///
/// A live log arrives a line at a time: read as it arrives, a thousand builds would wake
/// the backend ten thousand times a second. The pump instead sleeps `interval` and then
/// drains every pipe that has data, with one reusable buffer, so a thousand streams cost
/// ten wake-ups a second and no per-pipe buffer. Written here because neither SwiftNIO
/// (which keeps each descriptor registered and wakes per chunk) nor swift-subprocess
/// (which allocates a pipe-sized buffer per read) offers batched reads.
final class OutputPump: Sendable {
    /// One pipe being drained.
    struct Reader: Sendable {
        /// Receives each chunk; an error it throws ends the reader with that error.
        var onData: @Sendable ([UInt8]) throws -> Void
        /// Called once, at EOF (nil) or with the error that ended the reader.
        var onEnd: @Sendable ((any Error)?) -> Void
    }

    /// The pump of live logs.
    static let shared = OutputPump(interval: .milliseconds(100))

    private let interval: Duration
    private struct State {
        var readers: [Int32: Reader] = [:]
        /// Removed readers; only the pump closes descriptors, so none is reused while it
        /// may still read it.
        var removed: [Int32] = []
        var running = false
    }
    private let state = LockedValue(State())

    init(interval: Duration) {
        self.interval = interval
    }

    /// Drains `descriptor` (made non-blocking here) until EOF, then closes it.
    func add(_ descriptor: Int32, _ reader: Reader) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let start = state.withLock { state -> Bool in
            state.readers[descriptor] = reader
            defer { state.running = true }
            return !state.running
        }
        if start {
            Task.detached { await self.run() }
        }
    }

    /// Stops draining `descriptor`, which the pump closes at its next tick; its `onEnd`
    /// gets `CancellationError`.
    func remove(_ descriptor: Int32) {
        let reader = state.withLock { state -> Reader? in
            guard let reader = state.readers.removeValue(forKey: descriptor) else { return nil }
            state.removed.append(descriptor)
            return reader
        }
        reader?.onEnd(CancellationError())
    }

    private func run() async {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            try? await Task.sleep(for: interval)
            let (readers, removed) = state.withLock { state -> ([Int32: Reader], [Int32]) in
                defer { state.removed = [] }
                if state.readers.isEmpty { state.running = false }
                return (state.readers, state.removed)
            }
            removed.forEach { close($0) }
            if readers.isEmpty { return }
            for (descriptor, reader) in readers {
                if let end = drain(descriptor, reader, &buffer) {
                    guard state.withLock({ $0.readers.removeValue(forKey: descriptor) }) != nil else { continue }
                    close(descriptor)
                    reader.onEnd(end.error)
                }
            }
        }
    }

    private struct End {
        var error: (any Error)?
    }

    /// Reads what is there; returns how the pipe ended, or nil while it is open.
    private func drain(_ descriptor: Int32, _ reader: Reader, _ buffer: inout [UInt8]) -> End? {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                do {
                    try reader.onData(Array(buffer[0..<count]))
                } catch {
                    return End(error: error)
                }
                // A short read emptied the pipe; what comes next waits for the next tick.
                if count < buffer.count { return nil }
                continue
            }
            if count == 0 { return End(error: nil) }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return nil
            case EINTR: continue
            default: return End(error: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
        }
    }
}
