import Foundation

/// One `posix_spawn`: the program, its standard descriptors, its own process group or
/// session, default signal handling, nothing else of ours.
///
/// Our own rather than swift-subprocess's: that library supervises every child with a task
/// that wakes once a second, reads into a fresh pipe-sized buffer, and cannot let a child
/// run on once its caller returned, which `copr-rpmbuild --detached` needs. `fork()` is
/// unsafe in a multithreaded Swift process; glibc's `posix_spawn` is not.
struct ProcessSpawn {
    enum Grouping {
        /// The child leads a new process group in our session: signals to the group reach
        /// everything it starts, and stopping it leaves us alone.
        case ownGroup
        /// The child leads a new session: it outlives us and our terminal or session.
        case ownSession
    }

    var executable: String
    var arguments: [String]
    /// `argv[0]`, when it is not `executable` (a multi-call binary chosen by its name).
    var argv0: String?
    /// Added to (or replacing entries of) this process's environment.
    var environment: [String: String] = [:]
    var workingDirectory: String?
    /// nil: `/dev/null`.
    var standardInput: Int32?
    var standardOutput: Int32
    var standardError: Int32
    /// Further descriptors the child gets as 3, 4, … in this order (a browser's DevTools
    /// pipe); nothing else above 2 is inherited.
    var inheritedDescriptors: [Int32] = []
    var grouping: Grouping = .ownGroup

    /// The command line for messages and logs, quoted as a shell would need it.
    var commandLine: String { ShellQuoting.join([executable] + arguments) }

    /// Starts the child; returns its pid, which is also its process group id.
    func spawn() throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        let inherited = try Self.clearOfSlots(inheritedDescriptors, command: commandLine)
        defer { inherited.moved.forEach { close($0) } }
        for (slot, descriptor) in inherited.descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, descriptor, 3 + Int32(slot))
        }
        // Nothing else of ours: a follow or a detached build lives for hours. (Every
        // descriptor we open is close-on-exec as well, for C libraries without closefrom.)
        _ = Self.addCloseFrom?(&actions, 3 + Int32(inheritedDescriptors.count))
        if let workingDirectory {
            guard let addChangeDirectory = Self.addChangeDirectory else {
                throw ProcessSpawnFailed(
                    command: commandLine, reason: "this C library cannot start a program in another directory (glibc 2.29 or later can)")
            }
            _ = addChangeDirectory(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // We ignore SIGPIPE (and the agent's log filter SIGINT); children must not.
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        switch grouping {
        case .ownGroup:
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        case .ownSession:
            flags |= Self.setSessionFlag
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .filter { !$0.key.isEmpty && !$0.key.contains("=") }
            .map { "\($0.key)=\($0.value)" }
        let argv = ([argv0 ?? executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        // A program written a moment ago can still be open for writing in a child that
        // another thread is starting (its descriptors close only when it execs): the
        // kernel refuses with ETXTBSY until then. A few short pauses see that through.
        for pause in Self.busyPausesMicroseconds where status == ETXTBSY {
            usleep(pause)
            status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard status == 0 else {
            throw ProcessSpawnFailed(command: commandLine, reason: reason(status))
        }
        return pid
    }

    /// `descriptors`, with those numbered among the slots they are copied to (3 up to
    /// 3 + count) first duplicated above them, so that copying one into its slot never
    /// overwrites another before it was copied. `moved` are the duplicates, to close after
    /// the spawn.
    private static func clearOfSlots(_ descriptors: [Int32], command: String) throws -> (descriptors: [Int32], moved: [Int32]) {
        let firstFree = 3 + Int32(descriptors.count)
        var moved: [Int32] = []
        let cleared = try descriptors.map { descriptor in
            guard descriptor < firstFree else { return descriptor }
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, firstFree)
            guard copy >= 0 else {
                let reason = String(cString: strerror(errno))
                moved.forEach { close($0) }
                throw ProcessSpawnFailed(command: command, reason: "cannot pass descriptor \(descriptor) on: \(reason)")
            }
            moved.append(copy)
            return copy
        }
        return (cleared, moved)
    }

    /// The pauses before each new attempt on ETXTBSY: 155 ms in all.
    private static let busyPausesMicroseconds: [UInt32] = [5_000, 10_000, 20_000, 40_000, 80_000]

    /// What went wrong, and what to check.
    private func reason(_ status: Int32) -> String {
        var isDirectory: ObjCBool = false
        if let workingDirectory, !FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            return "its working directory \(workingDirectory) does not exist"
        }
        let text = String(cString: strerror(status))
        switch status {
        case ENOENT: return "\(text); check that \(executable) is installed and in PATH"
        case EACCES: return "\(text); check that \(executable) is executable"
        case ETXTBSY: return "\(text); a process still has \(executable) open for writing"
        default: return text
        }
    }

    /// `POSIX_SPAWN_SETSID` (glibc 2.26), which Swift does not import.
    private static let setSessionFlag: Int32 = 0x80

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np` and 2.29's
    /// `posix_spawn_file_actions_addchdir_np`, which Swift does not import; looked up at
    /// run time.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }
    private static let addChangeDirectory: AddChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChangeDirectory.self) }
}
