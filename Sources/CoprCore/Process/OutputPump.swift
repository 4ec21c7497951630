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
    /// Receives each chunk of one pipe; an error it throws ends the drain with that error.
    typealias Consumer = @Sendable ([UInt8]) throws -> Void

    /// The pump of streamed children (live logs, the agent's build output).
    static let shared = OutputPump(interval: .milliseconds(100))

    private struct Reader {
        /// Tells this reader from a later one on the same (reused) descriptor number.
        var serial: UInt64
        var consume: Consumer
        /// Called once, at EOF (nil) or with the error that ended the reader.
        var onEnd: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var readers: [Int32: Reader] = [:]
        /// Removed readers; only the pump closes descriptors, so none is reused while it
        /// may still read it.
        var removed: [Int32] = []
        var running = false
        var serial: UInt64 = 0
    }

    private let interval: Duration
    private let state = LockedValue(State())

    init(interval: Duration) {
        self.interval = interval
    }

    /// Drains each of `pipes` (read ends, made non-blocking here and closed by the pump)
    /// until every one reached its end. The first error, of a pipe or a consumer, stops
    /// them all and is thrown; so does cancelling the caller (`CancellationError`).
    func drain(_ pipes: [(descriptor: Int32, consume: Consumer)]) async throws {
        let gate = DrainGate(count: pipes.count)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                gate.start(continuation)
                for (descriptor, consume) in pipes {
                    let serial = add(descriptor, consume) { error in
                        gate.end(error).forEach { self.remove($0.descriptor, serial: $0.serial) }
                    }
                    // Cancelled, or another pipe failed, before this one was added.
                    if gate.register(descriptor, serial) { remove(descriptor, serial: serial) }
                }
            }
        } onCancel: {
            gate.stop().forEach { remove($0.descriptor, serial: $0.serial) }
        }
    }

    private func add(_ descriptor: Int32, _ consume: @escaping Consumer,
                     onEnd: @escaping @Sendable ((any Error)?) -> Void) -> UInt64 {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let (serial, start) = state.withLock { state -> (UInt64, Bool) in
            state.serial += 1
            state.readers[descriptor] = Reader(serial: state.serial, consume: consume, onEnd: onEnd)
            defer { state.running = true }
            return (state.serial, !state.running)
        }
        if start {
            Task.detached { await self.run() }
        }
        return serial
    }

    /// Stops draining `descriptor` if it still holds the reader `serial`; the pump closes
    /// it at its next tick and the reader ends with `CancellationError`.
    private func remove(_ descriptor: Int32, serial: UInt64) {
        let reader = state.withLock { state -> Reader? in
            guard let reader = state.readers[descriptor], reader.serial == serial else { return nil }
            state.readers[descriptor] = nil
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
                guard let end = drain(descriptor, reader, &buffer) else { continue }
                let current = state.withLock { state -> Bool in
                    guard state.readers[descriptor]?.serial == reader.serial else { return false }
                    state.readers[descriptor] = nil
                    return true
                }
                guard current else { continue }
                close(descriptor)
                reader.onEnd(end.error)
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
                    try reader.consume(Array(buffer[0..<count]))
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

/// The bookkeeping of one `drain`: resumes it once all its pipes ended, with the first
/// error; says which readers to remove when it stops early (an error, or cancellation).
private final class DrainGate: Sendable {
    typealias Added = (descriptor: Int32, serial: UInt64)

    private struct State {
        var remaining: Int
        var error: (any Error)?
        var stopping = false
        var added: [Added] = []
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private let state: LockedValue<State>

    init(count: Int) {
        state = LockedValue(State(remaining: count))
    }

    func start(_ continuation: CheckedContinuation<Void, any Error>) {
        let empty = state.withLock { state -> Bool in
            state.continuation = continuation
            return state.remaining == 0
        }
        if empty { continuation.resume() }
    }

    /// Records an added reader; true when the drain already stops and it must go at once.
    func register(_ descriptor: Int32, _ serial: UInt64) -> Bool {
        state.withLock { state in
            state.added.append((descriptor, serial))
            return state.stopping
        }
    }

    /// Stops the drain; returns the readers to remove.
    func stop() -> [Added] {
        state.withLock { state in
            state.stopping = true
            return state.added
        }
    }

    /// One reader ended; returns the readers to remove when it ended with the drain's first
    /// error, and resumes the drain after the last one.
    func end(_ error: (any Error)?) -> [Added] {
        let (remove, resume, failure) = state.withLock { state -> ([Added], CheckedContinuation<Void, any Error>?, (any Error)?) in
            state.remaining -= 1
            var remove: [Added] = []
            if let error, state.error == nil {
                state.error = error
                state.stopping = true
                remove = state.added
            }
            guard state.remaining == 0, let continuation = state.continuation else { return (remove, nil, nil) }
            state.continuation = nil
            return (remove, continuation, state.error)
        }
        if let resume {
            if let failure { resume.resume(throwing: failure) } else { resume.resume() }
        }
        return remove
    }
}
