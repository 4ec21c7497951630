import Foundation

/// Busy loops that keep the machine's cores loaded while a test runs, as a second process
/// on a loaded build machine would. Each loop ends by itself after five minutes should
/// the test never call `stop()`.
public final class CPULoad: Sendable {
    private let processes: [Process]

    public init(processes count: Int) {
        processes = (0..<count).compactMap { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            // No fork in the loop; `SECONDS` ends it.
            process.arguments = ["-c", "while ((SECONDS < 300)); do :; done"]
            return (try? process.run()).map { process }
        }
    }

    /// Ends the loops (SIGKILL: a test runner may hand its children SIGTERM ignored).
    public func stop() {
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
