import Foundation

extension ProcessRunner {
    /// Starts `executable` as the leader of a new session and returns its pid (also its
    /// session and process group id) at once; nothing waits for it.
    ///
    /// For `copr-rpmbuild --detached`, which starts the build and its log filter and exits:
    /// the children are then reaped by init, and neither a hang-up of the caller's session
    /// nor a signal to the caller's group reaches them. A caller that lives on must reap
    /// them itself (`waitpid`).
    /// - Parameters:
    ///   - argv0: the name the program is run as (a multi-call binary), if not `executable`.
    ///   - environment: added to (or replacing entries of) this process's environment.
    ///   - standardInput, standardOutput, standardError: descriptors the child gets as
    ///     0, 1 and 2; nothing else of ours is inherited.
    /// - Throws: `ProcessSpawnFailed`.
    public static func detach(
        _ executable: String, _ arguments: [String], argv0: String? = nil, environment: [String: String] = [:],
        standardInput: Int32, standardOutput: Int32, standardError: Int32
    ) throws -> pid_t {
        try ProcessSpawn(
            executable: executable, arguments: arguments, argv0: argv0, environment: environment,
            standardInput: standardInput, standardOutput: standardOutput, standardError: standardError,
            grouping: .ownSession
        ).spawn()
    }

    /// The path of the running executable (`/proc/self/exe`), so that a detached child runs
    /// the very same binary whatever name this one was started by.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
