#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a finished child process ended, in the words every log and error message uses:
/// "exit code 2", "killed by signal 9".
public enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    /// The program exited with this code.
    case exited(Int32)
    /// A signal ended the program.
    case signaled(Int32)

    /// Exit code 0.
    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }

    /// Decodes the status `waitpid` reports (`WIFEXITED`, `WEXITSTATUS`, `WTERMSIG`, which
    /// Swift does not import).
    init(waitStatus status: Int32) {
        self = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}
