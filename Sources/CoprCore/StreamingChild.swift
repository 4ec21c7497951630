import Foundation

/// A child whose output streams for as long as a build runs (the live log follow),
/// spawned with `posix_spawn` and read by the `OutputPump`.
///
/// swift-subprocess keeps, for every running child, a task that wakes once a second, and
/// reads each chunk into a fresh pipe-sized buffer: with a thousand builds following their
/// logs that is a thousand wake-ups a second and 64 KiB per pending read. Here a child
/// costs nothing between the pump's ticks. Like `ProcessRunner`, the child leads its own
/// process group, which cancellation stops (SIGTERM, then SIGKILL after the grace).
struct StreamingChild {
    var executable: String
    var arguments: [String]
    /// Added to (or replacing entries of) this process's environment.
    var environment: [String: String]
    var errorLimit: Int
    var terminationGrace: Duration
    var pump: OutputPump = .shared

    /// Runs the child until it exits and its output ended; `consume` gets standard output
    /// chunk by chunk, standard error is collected up to `errorLimit`.
    func run(consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws -> ProcessOutput {
        let output = try Pipe(), errors = try Pipe()
        let child: Child
        do {
            child = try spawn(standardOutput: output.write, standardError: errors.write)
        } catch {
            [output.read, output.write, errors.read, errors.write].forEach { close($0) }
            throw error
        }
        close(output.write)
        close(errors.write)

        let errorOutput = CappedOutput(limit: errorLimit)
        let ended = try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.drain(output.read, consume) }
                group.addTask { try await self.drain(errors.read) { errorOutput.append($0) } }
                do {
                    try await group.waitForAll()
                } catch {
                    // Cancelled, or `consume` failed: the child must not write on into a
                    // closed pipe, and is reaped before the error goes up.
                    child.stop(grace: terminationGrace)
                    _ = await child.exit()
                    throw error
                }
            }
            return await child.exit()
        } onCancel: {
            child.stop(grace: terminationGrace)
            pump.remove(output.read)
            pump.remove(errors.read)
        }
        if Task.isCancelled { throw CancellationError() }
        let standardError = errorOutput.collected
        return ProcessOutput(
            exit: ended, standardOutput: "", standardError: standardError.text, truncated: standardError.truncated,
            validUTF8: standardError.validUTF8)
    }

    /// Hands the pipe to the pump until EOF.
    private func drain(_ descriptor: Int32, _ consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pump.add(descriptor, OutputPump.Reader(onData: consume) { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            })
        }
    }

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift does not
    /// import; looked up at run time, as swift-subprocess does. Without it, CLOEXEC
    /// (on every descriptor the backend opens) keeps the child clean.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    private struct Pipe {
        let read: Int32
        let write: Int32

        init() throws {
            (read, write) = try OutputPipe.makeDescriptors()
        }
    }

    private func spawn(standardOutput: Int32, standardError: Int32) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        // Nothing else of the backend's: a follow lives for hours.
        _ = Self.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // The backend ignores SIGPIPE; its children must not.
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ProcessSpawnFailed(command: executable, reason: String(cString: strerror(status)))
        }
        return Child(pid: pid)
    }

    /// The spawned child, reaped exactly once; signals go to its group only before that,
    /// so a recycled pid is never hit.
    private final class Child: Sendable {
        let pid: pid_t
        private let reaped = LockedValue<ProcessExit?>(nil)

        init(pid: pid_t) {
            self.pid = pid
        }

        func signal(_ signal: Int32) {
            reaped.withLock { reaped in
                if reaped == nil { kill(-pid, signal) }
            }
        }

        func stop(grace: Duration) {
            signal(SIGTERM)
            Task {
                try? await Task.sleep(for: grace)
                self.signal(SIGKILL)
            }
        }

        /// Waits for the exit; the output has ended, so that is normally at once.
        func exit() async -> ProcessExit {
            var pause = Duration.milliseconds(5)
            while true {
                let exit = reaped.withLock { reaped -> ProcessExit? in
                    if let reaped { return reaped }
                    var status: Int32 = 0
                    guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
                    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
                    reaped = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
                    return reaped
                }
                if let exit { return exit }
                // Not cancellable: a cancelled caller still waits for its child, sleeping.
                let nap = pause
                await Task.detached { try? await Task.sleep(for: nap) }.value
                pause = min(pause * 2, .milliseconds(200))
            }
        }
    }
}
