import Foundation
import Subprocess
import SystemPackage

/// How a finished child process ended.
public enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// What a captured child process printed and how it ended.
public struct ProcessOutput: Sendable {
    public var exit: ProcessExit
    public var standardOutput: String
    public var standardError: String
    /// True when the child printed more than the capture limit; the rest was discarded.
    public var truncated: Bool
    /// False when either stream was not valid UTF-8 (it was decoded with replacements).
    public var validUTF8: Bool
}

/// Thrown when a child process outlived its time limit; the whole process group was killed.
public struct ProcessTimedOut: Error, CustomStringConvertible {
    public var command: String
    public var timeout: Duration
    public var description: String { "\(command) did not finish within \(timeout.seconds) s and was killed" }
}

/// Thrown when a program cannot be started at all (missing binary, bad working directory).
public struct ProcessSpawnFailed: Error, CustomStringConvertible {
    public var command: String
    public var reason: String
    public var description: String { "cannot start \(command): \(reason)" }
}

/// Runs local programs asynchronously, without a shell and without blocking a thread.
///
/// Every child gets its own process group. When the calling task is cancelled or the
/// time limit passes, the group receives SIGTERM and then SIGKILL, so grandchildren
/// (an `ssh` ControlMaster helper, `rpmsign`'s gpg) never outlive the build that started
/// them.
public struct ProcessRunner: Sendable {
    /// Time a cancelled group gets between SIGTERM and SIGKILL.
    public var terminationGrace: Duration

    public init(terminationGrace: Duration = .seconds(2)) {
        self.terminationGrace = terminationGrace
    }

    /// Whether `program` (a path, or a name looked up in `PATH`) can be run.
    public static func isAvailable(_ program: String) -> Bool {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Runs `executable` with `arguments` and captures both output streams, at most
    /// `outputLimit` bytes each.
    ///
    /// - Parameter timeout: nil means no limit; the caller's cancellation still applies.
    public func capture(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration?,
        outputLimit: Int = 64 * 1024
    ) async throws -> ProcessOutput {
        let configuration = self.configuration(executable, arguments, environment, workingDirectory)
        let command = ([executable] + arguments).joined(separator: " ")
        return try await withTimeout(timeout, command: command) {
            let (collected, status) = try await self.runPiped(configuration, command: command) { out, err in
                async let standardOutput = CappedOutput.collect(out, limit: outputLimit)
                async let standardError = CappedOutput.collect(err, limit: outputLimit)
                return try await (standardOutput, standardError)
            }
            let (out, err) = collected
            return ProcessOutput(
                exit: ProcessExit(status),
                standardOutput: out.text,
                standardError: err.text,
                truncated: out.truncated || err.truncated,
                validUTF8: out.validUTF8 && err.validUTF8
            )
        }
    }

    /// Runs `executable` and hands every chunk of its standard output to `consume` as it
    /// arrives (read in ticks of 100 ms by the `OutputPump`); standard error is captured
    /// (capped) and returned.
    ///
    /// Used for output that must be kept as it streams for hours (the live builder log),
    /// where collecting first would lose everything received before a connection drop;
    /// see `StreamingChild` for why it does not go through swift-subprocess.
    public func stream(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        errorLimit: Int = 16 * 1024,
        consume: @escaping @Sendable ([UInt8]) throws -> Void
    ) async throws -> ProcessOutput {
        try await StreamingChild(
            executable: executable, arguments: arguments, environment: environment, errorLimit: errorLimit,
            terminationGrace: terminationGrace
        ).run(consume: consume)
    }

    /// Runs `executable` with standard output and error appended to the file at
    /// `logPath` (created if missing), as a shell's `>>file 2>&1` would, without a shell.
    public func runLogged(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        logPath: String,
        truncateLog: Bool = false,
        timeout: Duration?
    ) async throws -> ProcessExit {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncateLog ? O_TRUNC : O_APPEND)
        let fd = open(logPath, flags, 0o644)
        guard fd >= 0 else {
            throw ProcessSpawnFailed(command: executable, reason: "cannot open \(logPath): \(String(cString: strerror(errno)))")
        }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { try? descriptor.close() }
        let configuration = self.configuration(executable, arguments, environment, workingDirectory)
        let command = ([executable] + arguments).joined(separator: " ")
        return try await withTimeout(timeout, command: command) {
            let result = try await self.spawning(command) {
                try await run(
                    configuration,
                    input: .none,
                    output: .fileDescriptor(descriptor, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(descriptor, closeAfterSpawningProcess: false)
                )
            }
            return ProcessExit(result.terminationStatus)
        }
    }

    private func configuration(
        _ executable: String,
        _ arguments: [String],
        _ environment: [String: String],
        _ workingDirectory: String?
    ) -> Configuration {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: terminationGrace)
        ]
        let updates = environment.reduce(into: [Environment.Key: String?]()) { result, entry in
            result[Environment.Key(stringLiteral: entry.key)] = entry.value
        }
        return Configuration(
            executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
            arguments: Arguments(arguments),
            environment: updates.isEmpty ? .inherit : .inherit.updating(updates),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
    }

    /// Runs the child with standard output and error into `OutputPipe`s, which `body`
    /// reads; returns what `body` returned and how the child ended.
    private func runPiped<T: Sendable>(
        _ configuration: Configuration, command: String, _ body: (OutputPipe, OutputPipe) async throws -> T
    ) async throws -> (T, TerminationStatus) {
        let out = try OutputPipe()
        let err: OutputPipe
        do {
            err = try OutputPipe()
        } catch {
            out.discard()
            throw error
        }
        do {
            let result = try await spawning(command) {
                try await run(
                    configuration,
                    input: .none,
                    output: .fileDescriptor(out.writeEnd, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(err.writeEnd, closeAfterSpawningProcess: false)
                ) { _ in
                    try await body(out, err)
                }
            }
            return (result.closureResult, result.terminationStatus)
        } catch {
            out.discard()
            err.discard()
            throw error
        }
    }

    /// Maps Subprocess's launch failures to `ProcessSpawnFailed`, so callers can tell
    /// "the program is missing" from "the program failed".
    private func spawning<T>(_ command: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SubprocessError {
            if Task.isCancelled { throw CancellationError() }
            throw ProcessSpawnFailed(command: command, reason: "\(error)")
        }
    }
}

/// Runs `body`, cancelling it (and so killing its process group) once `timeout` passes.
func withTimeout<T: Sendable>(
    _ timeout: Duration?,
    command: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let timeout else { return try await body() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw ProcessTimedOut(command: command, timeout: timeout)
        }
        return value
    }
}

extension ProcessExit {
    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for messages and arithmetic.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A duration from fractional seconds, as configuration files give them.
    public static func seconds(fractional value: Double) -> Duration {
        .nanoseconds(Int64((value * 1e9).rounded()))
    }
}
