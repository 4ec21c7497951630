import CoprCore
import Foundation
import Logging
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs external programs (rpmbuild, mock, git, rpm) with argument arrays, never a shell.
///
/// Each program runs in its own process group so that a timeout or a cancelled task can
/// signal everything it started (compilers, scriptlets) and not only the program itself.
/// The builder's session still contains those groups, which is what
/// `copr-rpmbuild-cancel` relies on.
public struct CommandRunner: Sendable {
    public let logger: Logger
    /// The pause between INT, TERM and KILL when a time limit expires.
    public let signalStep: Duration

    public init(logger: Logger, signalStep: Duration) {
        self.logger = logger
        self.signalStep = signalStep
    }

    /// Runs a program, streaming its combined output into our standard output (and into
    /// `teeFile`, if given). Once `timeout` has passed it sends SIGINT to the program's group,
    /// then SIGTERM and SIGKILL `signalStep` apart, logging each step as upstream does.
    /// Throws ``CoprRPMBuildError/commandTimedOut(command:seconds:)`` or
    /// ``CoprRPMBuildError/commandFailed(command:status:)``.
    public func run(_ program: String, _ arguments: [String], workingDirectory: String? = nil,
                    environment: [String: String] = [:], timeout: Duration,
                    teeFile: String? = nil) async throws {
        let rendered = Self.render(program, arguments)
        logger.info("Running: \(rendered)")
        let tee = try teeFile.map { path -> FileDescriptorWriter in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw CoprRPMBuildError.missingFile(path: path, reason: String(cString: strerror(errno)))
            }
            return FileDescriptorWriter(descriptor: descriptor)
        }
        defer { if let tee { close(tee.descriptor) } }
        let flag = TimeoutFlag()
        let logger = self.logger
        let step = signalStep
        let result = try await Subprocess.run(
            Self.executable(program), arguments: Arguments(arguments),
            environment: Self.environment(environment),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: processGroupOptions(), input: .none, output: .sequence,
            error: .combinedWithOutput
        ) { execution in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await chunk in execution.standardOutput {
                        chunk.withUnsafeBytes { bytes in
                            FileDescriptorWriter.standardOutput.write(bytes)
                            tee?.write(bytes)
                        }
                    }
                }
                let stopper = ProcessGroupStopper(groupID: execution.processIdentifier.value, step: step)
                group.addTask {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    flag.raise()
                    await stopper.escalate([(SIGINT, "INT"), (SIGTERM, "TERM"), (SIGKILL, "KILL")]) {
                        logger.warning(" !! Copr timeout => sending \($0)")
                    }
                }
                // The output ends when the program and everything that inherited its output
                // closed it; after a timeout the escalation continues until the group is empty.
                _ = try await group.next()
                if !flag.isRaised { group.cancelAll() }
                try await group.waitForAll()
                if await stopper.outlives(grace: .seconds(2)) {
                    logger.warning("Stopping processes left behind by \(program)")
                    await stopper.escalate([(SIGTERM, "TERM"), (SIGKILL, "KILL")]) { _ in }
                }
            }
        }
        if flag.isRaised {
            throw CoprRPMBuildError.commandTimedOut(command: rendered, seconds: Int(timeout.components.seconds))
        }
        guard result.terminationStatus.isSuccess else {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: Self.describe(result.terminationStatus))
        }
    }

    /// Runs a short helper program and returns its standard output (its standard error goes
    /// to ours, which in detached runs is the log too). The program is stopped (INT, TERM,
    /// KILL to its group) once `timeout` passed.
    public func capture(_ program: String, _ arguments: [String], workingDirectory: String? = nil,
                        timeout: Duration, quiet: Bool = false) async throws -> String {
        let rendered = Self.render(program, arguments)
        if !quiet { logger.debug("Running: \(rendered)") }
        let options = processGroupOptions()
        let result = try await withThrowingTaskGroup(of: ExecutionResult<Void, StringOutput<UTF8>, FileDescriptorOutput>?.self) { group in
            group.addTask {
                try await Subprocess.run(
                    Self.executable(program), arguments: Arguments(arguments),
                    workingDirectory: workingDirectory.map { FilePath($0) },
                    platformOptions: options, input: .none, output: .string(limit: 16 << 20),
                    error: .currentStandardError)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        guard let result else {
            throw CoprRPMBuildError.commandTimedOut(command: rendered, seconds: Int(timeout.components.seconds))
        }
        guard result.terminationStatus.isSuccess else {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: Self.describe(result.terminationStatus))
        }
        return result.standardOutput
    }

    /// Whether `program` can be found in `PATH` (or exists, for a path).
    public static func isAvailable(_ program: String) -> Bool {
        ProcessRunner.isAvailable(program)
    }

    /// Own process group, and on task cancellation INT → TERM → KILL to that group.
    private func processGroupOptions() -> PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .send(signal: .interrupt, toProcessGroup: true, allowedDurationToNextStep: signalStep),
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: signalStep),
        ]
        return options
    }

    static func executable(_ program: String) -> Executable {
        program.contains("/") ? .path(FilePath(program)) : .name(program)
    }

    static func environment(_ overrides: [String: String]) -> Environment {
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in overrides {
            if let key = Environment.Key(rawValue: key) { updates[key] = value }
        }
        return updates.isEmpty ? .inherit : .inherit.updating(updates)
    }

    /// The command line for the log, each argument quoted when it is not plain.
    static func render(_ program: String, _ arguments: [String]) -> String {
        ([program] + arguments).map { argument in
            argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+%@".contains($0) }) && !argument.isEmpty
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): return "exit code \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}
