import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into a call of `handler` instead of killing the process, so a
/// stopped `process-build` still cancels its remote build and reports the final state.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
    }
}
