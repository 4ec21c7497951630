import Foundation

/// Runs local programs for the backend and the builder agent: without a shell, without
/// blocking a thread, each as the leader of its own process group.
///
/// Four ways, one supervision: `capture` (short commands, output collected up to a limit),
/// `stream` (output handed on as it arrives, for hours if need be), `runLogged` (output
/// appended to a file) and `detach` (a child that outlives us). When a time limit passes or
/// the calling task is cancelled, the whole group is stopped with `stop`, so that
/// grandchildren (an `ssh` helper, `rpmsign`'s gpg, a compiler) never outlive what started
/// them; the call returns once the leader has been reaped.
///
/// ```swift
/// let output = try await ProcessRunner().capture("rpm", ["-qp", path], timeout: .seconds(60))
/// guard output.exit.isSuccess else { throw ... }
/// ```
public struct ProcessRunner: Sendable {
    /// How a group is stopped when its time limit passes or its caller is cancelled.
    public var stop: SignalEscalation
    /// When set: once a program ended, processes it left running in its group get this
    /// long to end by themselves, then are stopped (SIGTERM, SIGKILL `stop.step` apart).
    /// The agent sets it: a build must leave nothing behind. The backend does not: what its
    /// local builders leave running belongs to the build.
    public var leftoverGrace: Duration?
    /// Told what the layer does on its own (signals at the deadline, leftovers stopped).
    public var report: (@Sendable (ProcessReport) -> Void)?

    /// Where a child's standard error goes.
    public enum StandardError: Sendable, Equatable {
        /// A pipe of its own, collected up to the call's limit.
        case separate
        /// The same pipe as standard output, in the order written (a shell's `2>&1`).
        case combined
        /// This process's own standard error.
        case inherited
    }

    public init(
        stop: SignalEscalation = .terminate(grace: .seconds(2)), leftoverGrace: Duration? = nil,
        report: (@Sendable (ProcessReport) -> Void)? = nil
    ) {
        self.stop = stop
        self.leftoverGrace = leftoverGrace
        self.report = report
    }

    /// Whether `program` (a path, or a name looked up in `PATH`) can be run.
    public static func isAvailable(_ program: String) -> Bool {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Runs `executable` with `arguments` and captures its output, at most `outputLimit`
    /// bytes of each stream (what comes after is read and dropped, and `truncated` set).
    ///
    /// Read through SwiftNIO pipes, whose reads are sized to what arrives.
    /// - Parameter timeout: nil means no limit; the caller's cancellation still applies.
    /// - Throws: `ProcessSpawnFailed`, `ProcessTimedOut`, `CancellationError`.
    public func capture(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration?,
        outputLimit: Int = 64 * 1024,
        standardError: StandardError = .separate
    ) async throws -> ProcessOutput {
        let output = try OutputPipe()
        let errors: OutputPipe?
        do {
            errors = standardError == .separate ? try OutputPipe() : nil
        } catch {
            output.discard()
            throw error
        }
        let spawn = ProcessSpawn(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            standardOutput: output.writeEnd, standardError: errors?.writeEnd ?? Self.errorDescriptor(standardError, output.writeEnd))
        let child: ChildProcess
        do {
            child = try ChildProcess(pid: spawn.spawn())
        } catch {
            output.discard()
            errors?.discard()
            throw error
        }
        let (collected, exit) = try await supervise(child, command: spawn.commandLine, timeout: timeout) {
            async let standardOutput = CappedOutput.collect(output, limit: outputLimit)
            async let standardError = Self.collect(errors, limit: outputLimit)
            return try await (standardOutput, standardError)
        }
        let (out, err) = collected
        return ProcessOutput(
            exit: exit, standardOutput: out.text, standardError: err?.text ?? "",
            truncated: out.truncated || err?.truncated == true, validUTF8: out.validUTF8 && err?.validUTF8 != false)
    }

    /// Runs `executable` and hands every chunk of its standard output (with standard error
    /// too when `.combined`) to `consume` as it arrives, after appending it to `teeFile` if
    /// given; a separate standard error is collected up to `errorLimit` and returned.
    ///
    /// For output that must be kept as it streams for hours (the live builder log, the
    /// agent's build), where collecting first would lose everything received before a
    /// connection drop. The pipes are read by the `OutputPump` in ticks of 100 ms, so a
    /// thousand streams cost ten wake-ups a second.
    /// - Parameter timeout: nil means no limit (a follow that its caller ends by cancelling).
    /// - Throws: `ProcessSpawnFailed` (also when `teeFile` cannot be opened),
    ///   `ProcessTimedOut`, `CancellationError`, or what `consume` threw (the child is
    ///   stopped first).
    public func stream(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration?,
        standardError: StandardError = .separate,
        errorLimit: Int = 16 * 1024,
        teeFile: String? = nil,
        consume: @escaping @Sendable ([UInt8]) throws -> Void
    ) async throws -> ProcessOutput {
        let spawn = ProcessSpawn(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            standardOutput: -1, standardError: -1)
        let tee = try teeFile.map { try Self.openForAppending($0, truncate: false, command: spawn.commandLine) }
        defer { if let tee { close(tee) } }
        let output = try OutputPipe.makeDescriptors()
        var errors: (read: Int32, write: Int32)?
        let child: ChildProcess
        do {
            if standardError == .separate { errors = try OutputPipe.makeDescriptors() }
            var piped = spawn
            piped.standardOutput = output.write
            piped.standardError = errors?.write ?? Self.errorDescriptor(standardError, output.write)
            child = try ChildProcess(pid: piped.spawn())
        } catch {
            [output.read, output.write, errors?.read, errors?.write].compactMap { $0 }.forEach { close($0) }
            throw error
        }
        close(output.write)
        if let errors { close(errors.write) }

        let errorOutput = CappedOutput(limit: errorLimit)
        let teeWriter = tee.map { FileDescriptorWriter(descriptor: $0) }
        var pipes: [(descriptor: Int32, consume: OutputPump.Consumer)] = [(output.read, { chunk in
            if let teeWriter { chunk.withUnsafeBytes { teeWriter.write($0) } }
            try consume(chunk)
        })]
        if let errors { pipes.append((errors.read, { errorOutput.append($0) })) }
        let drained = pipes
        let ((), exit) = try await supervise(child, command: spawn.commandLine, timeout: timeout) {
            try await OutputPump.shared.drain(drained)
        }
        let collected = errorOutput.collected
        return ProcessOutput(
            exit: exit, standardOutput: "", standardError: collected.text, truncated: collected.truncated,
            validUTF8: collected.validUTF8)
    }

    /// Runs `executable` with standard output and error appended to the file at
    /// `logPath` (created if missing; emptied first with `truncateLog`), as a shell's
    /// `>>file 2>&1` would, without a shell.
    /// - Parameter passing: descriptors the child gets as 3, 4, … in this order (the pipe
    ///   ends of a protocol spoken over them, such as Chromium's DevTools pipe). They are
    ///   the child's alone: closed here once it started (or failed to), so that the other
    ///   ends see the end of the pipe when the child exits.
    /// - Throws: `ProcessSpawnFailed` (also when the log cannot be opened),
    ///   `ProcessTimedOut`, `CancellationError`.
    public func runLogged(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        logPath: String,
        truncateLog: Bool = false,
        passing: [Int32] = [],
        timeout: Duration?
    ) async throws -> ProcessExit {
        var spawn = ProcessSpawn(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            standardOutput: -1, standardError: -1, inheritedDescriptors: passing)
        let started = Result {
            let log = try Self.openForAppending(logPath, truncate: truncateLog, command: spawn.commandLine)
            defer { close(log) }
            spawn.standardOutput = log
            spawn.standardError = log
            return ChildProcess(pid: try spawn.spawn())
        }
        passing.forEach { close($0) }
        let child = try started.get()
        return try await supervise(child, command: spawn.commandLine, timeout: timeout) {}.1
    }

    private static func collect(_ pipe: OutputPipe?, limit: Int) async throws -> CappedOutput.Collected? {
        guard let pipe else { return nil }
        return try await CappedOutput.collect(pipe, limit: limit)
    }

    private static func errorDescriptor(_ standardError: StandardError, _ output: Int32) -> Int32 {
        standardError == .inherited ? 2 : output
    }

    private static func openForAppending(_ path: String, truncate: Bool, command: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0o644)
        guard descriptor >= 0 else {
            throw ProcessSpawnFailed(
                command: command, reason: "cannot open \(path) for its output: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}
