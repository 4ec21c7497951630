import CoprTestSupport
import CoprRPMBuild
import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs programs for the tests (argument arrays, no shell) and returns status and output.
enum Shell {
    struct Outcome {
        let status: TerminationStatus
        let output: String
        var succeeded: Bool { status.isSuccess }
    }

    /// Runs `program`, combining stdout and stderr; fails the test on launch errors only.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                    workingDirectory: String? = nil, argv0: String? = nil) async throws -> Outcome {
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment { updates[Environment.Key(rawValue: key)!] = value }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let result = try await Subprocess.run(
            executable, arguments: Arguments(executablePathOverride: argv0, remainingValues: arguments),
            environment: .inherit.updating(updates),
            workingDirectory: workingDirectory.map { FilePath($0) },
            input: .none, output: .string(limit: 32 << 20), error: .combinedWithOutput)
        return Outcome(status: result.terminationStatus, output: result.standardOutput)
    }

    /// Runs a program that must succeed.
    @discardableResult
    static func must(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                     workingDirectory: String? = nil) async throws -> String {
        let outcome = try await run(program, arguments, environment: environment, workingDirectory: workingDirectory)
        guard outcome.succeeded else {
            throw TestSupportError.unexpected("\(program) \(arguments.joined(separator: " ")) failed: \(outcome.output)")
        }
        return outcome.output
    }
}
