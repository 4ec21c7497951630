/// Failures of the test infrastructure itself (not of the code under test).
public enum TestSupportError: Error, CustomStringConvertible {
    /// A helper command exited non-zero.
    case commandFailed(command: String, status: Int32, output: String)
    /// A test host's sshd did not accept an ssh command in time.
    case hostNotReady(host: String, detail: String)
    /// A stub server could not start.
    case serverStartFailed(String)
    /// Something did not happen within the allowed time.
    case timeout(String)
    /// A test fixture is not as the test expects (no SRPM made, no metadata written).
    case unexpected(String)

    public var description: String {
        switch self {
        case .commandFailed(let command, let status, let output):
            "command failed with status \(status): \(command)\n\(output)"
        case .hostNotReady(let host, let detail):
            "test host \(host) did not become reachable over ssh: \(detail)"
        case .serverStartFailed(let detail):
            "stub server failed to start: \(detail)"
        case .timeout(let what):
            "timed out: \(what)"
        case .unexpected(let what):
            what
        }
    }
}
