import CoprCore
import Foundation

/// Busy loops that keep the machine's idle cores loaded while a test runs, as a second
/// process on a loaded build machine would. They run at the lowest priority (`nice 19`),
/// so that in a full test run they take only what the other tests leave. Each loop ends
/// by itself after five minutes should the test never call `stop()`.
///
/// The loops are started through the project's process layer rather than Foundation's
/// `Process`, whose `run()` was seen to crash when it raced other children of the test
/// runner.
public final class CPULoad: Sendable {
    private let pids: [pid_t]

    public init(processes count: Int) {
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        guard devNull >= 0 else {
            pids = []
            return
        }
        pids = (0..<count).compactMap { _ in
            // No fork in the loop; `SECONDS` ends it.
            try? ProcessRunner.detach(
                "/usr/bin/nice", ["-n", "19", "/bin/bash", "-c", "while ((SECONDS < 300)); do :; done"],
                standardInput: devNull, standardOutput: devNull, standardError: devNull
            )
        }
    }

    /// Ends the loops (SIGKILL: a test runner may hand its children SIGTERM ignored) and
    /// reaps them.
    public func stop() {
        for pid in pids {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }
}
