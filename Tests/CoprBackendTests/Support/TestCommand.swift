import CoprCore
import CoprTestSupport
import Foundation

/// Runs a tool a test needs (createrepo_c, dnf, rpmbuild, the CLI) and insists on success.
enum TestCommand {
    /// Runs `tool` and returns its standard output; throws with everything it printed
    /// unless it exits 0.
    @discardableResult
    static func output(_ tool: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> String {
        let output = try await ProcessRunner().capture(tool, arguments, timeout: timeout, outputLimit: 1 << 20)
        guard output.exit.isSuccess else {
            throw TestSupportError.commandFailed(
                command: ([tool] + arguments).joined(separator: " "), status: -1,
                output: "\(output.exit)\n\(output.standardOutput)\n\(output.standardError)")
        }
        return output.standardOutput
    }
}
