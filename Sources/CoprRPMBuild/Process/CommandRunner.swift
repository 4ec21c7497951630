import CoprCore
import Logging

/// The agent's way of running programs (rpmbuild, mock, git, rpm): through CoprCore's
/// `ProcessRunner`, with upstream copr-rpmbuild's policy and log lines, and failures as
/// `CoprRPMBuildError`s.
///
/// A program that outlives its time limit gets SIGINT, SIGTERM and SIGKILL `signalStep`
/// apart, to its whole process group (compilers, scriptlets), each step logged as upstream
/// does; what a program leaves running in its group is stopped after it ends. The groups
/// stay inside the build's session, which is what `copr-rpmbuild-cancel` relies on.
public struct CommandRunner: Sendable {
    public let logger: Logger
    /// The pause between INT, TERM and KILL when a time limit expires.
    public let signalStep: Duration

    public init(logger: Logger, signalStep: Duration) {
        self.logger = logger
        self.signalStep = signalStep
    }

    /// Runs a program, streaming its combined output into our standard output (and into
    /// `teeFile`, if given) as it arrives.
    /// - Throws: ``CoprRPMBuildError/commandTimedOut(command:seconds:)`` once the group
    ///   was stopped, ``CoprRPMBuildError/commandFailed(command:status:)``.
    public func run(_ program: String, _ arguments: [String], workingDirectory: String? = nil,
                    environment: [String: String] = [:], timeout: Duration,
                    teeFile: String? = nil) async throws {
        let rendered = ShellQuoting.join([program] + arguments)
        logger.info("Running: \(rendered)")
        let logger = self.logger
        let runner = ProcessRunner(stop: .interrupt(step: signalStep), leftoverGrace: .seconds(2)) { report in
            switch report {
            case .deadlineSignal(let signal):
                logger.warning(" !! Copr timeout => sending \(SignalEscalation.name(of: signal))")
            case .leftovers:
                logger.warning("Stopping processes left behind by \(program)")
            }
        }
        let output = try await failures(of: rendered, timeout: timeout) {
            try await runner.stream(
                program, arguments, environment: environment, workingDirectory: workingDirectory, timeout: timeout,
                standardError: .combined, teeFile: teeFile
            ) { chunk in
                chunk.withUnsafeBytes { FileDescriptorWriter.standardOutput.write($0) }
            }
        }
        guard output.exit.isSuccess else {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: output.exit.description)
        }
    }

    /// Runs a short helper program and returns its standard output (at most 16 MiB; its
    /// standard error goes to ours, which in detached runs is the log too). The program's
    /// group is stopped (INT, TERM, KILL) once `timeout` passed.
    public func capture(_ program: String, _ arguments: [String], workingDirectory: String? = nil,
                        timeout: Duration, quiet: Bool = false) async throws -> String {
        let rendered = ShellQuoting.join([program] + arguments)
        if !quiet { logger.debug("Running: \(rendered)") }
        let limit = 16 << 20
        let output = try await failures(of: rendered, timeout: timeout) {
            try await ProcessRunner(stop: .interrupt(step: signalStep)).capture(
                program, arguments, workingDirectory: workingDirectory, timeout: timeout, outputLimit: limit,
                standardError: .inherited)
        }
        guard output.exit.isSuccess else {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: output.exit.description)
        }
        guard !output.truncated else {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: "it printed more than \(limit >> 20) MiB")
        }
        return output.standardOutput
    }

    /// CoprCore's process errors as the agent reports them.
    private func failures<T>(of rendered: String, timeout: Duration, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch is ProcessTimedOut {
            throw CoprRPMBuildError.commandTimedOut(command: rendered, seconds: Int(timeout.components.seconds))
        } catch let error as ProcessSpawnFailed {
            throw CoprRPMBuildError.commandFailed(command: rendered, status: error.description)
        }
    }
}
