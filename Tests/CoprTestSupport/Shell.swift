import Foundation
import Subprocess

/// Runs short-lived helper commands (ssh, ssh-keygen, ...) and captures their output.
///
/// Test support code shells out a lot; this keeps every call site to one line and
/// turns "exited by a signal" into an ordinary status so callers can simply compare.
public enum Shell {
    /// What a finished command produced.
    public struct Result: Sendable {
        /// The exit status, or 128 + signal number when the command was killed.
        public let status: Int32
        /// Standard output.
        public let output: String
        /// Standard error.
        public let error: String

        /// Whether the command exited with status 0.
        public var succeeded: Bool { status == 0 }
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments`.
    public static func run(_ executable: String, _ arguments: [String]) async throws -> Result {
        let result = try await Subprocess.run(
            executable.contains("/") ? .path(.init(executable)) : .name(executable),
            arguments: Arguments(arguments),
            output: .string(limit: 16 << 20),
            error: .string(limit: 16 << 20)
        )
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = Int32(code)
        case .signaled(let signal): status = 128 + Int32(signal)
        }
        return Result(status: status, output: result.standardOutput, error: result.standardError)
    }

    /// Runs a command and throws `TestSupportError.commandFailed` unless it exits 0.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String]) async throws -> Result {
        let result = try await run(executable, arguments)
        guard result.succeeded else {
            throw TestSupportError.commandFailed(
                command: ([executable] + arguments).joined(separator: " "),
                status: result.status,
                output: result.output + result.error
            )
        }
        return result
    }

    /// Quotes `word` for a POSIX shell command line.
    public static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
