/// What a command on a builder printed and how it ended.
public struct RemoteCommandResult: Sendable {
    public var exitCode: Int32
    public var output: String
    public var errorOutput: String
}

/// Runs commands on one builder and copies results from it.
///
/// Command lines are handed to the builder's shell as they are: callers quote every
/// value with `ShellQuoting`. Every failure to reach the builder is an `SSHFailure`.
public protocol RemoteShell: Sendable {
    /// Runs `command` and captures its output; nil timeout means no limit.
    func run(_ command: String, timeout: Duration?) async throws -> RemoteCommandResult

    /// Runs `command` and passes its standard output to `consume` as it arrives (within
    /// a tenth of a second), until the command ends; returns its exit code. No timeout:
    /// the live log lasts as long as the build.
    func follow(_ command: String, consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws -> Int32

    /// Copies the contents of `remoteDirectory` into `localDirectory`, appending the
    /// transfer log to `logPath`.
    func download(remoteDirectory: String, to localDirectory: String, logPath: String) async throws

    /// Forgets the connection: closes a shared master connection and the pinned key.
    func close() async
}

/// Makes the shell for a leased host.
public protocol RemoteShellFactory: Sendable {
    func shell(for host: BuilderHost, user: String) -> any RemoteShell
}

/// Why a builder could not be reached; always an infrastructure problem of that host.
public enum SSHFailure: Error, CustomStringConvertible, Sendable {
    /// ssh exited 255: the connection broke or could not be made.
    case connectionBroke(String)
    case timedOut(command: String, after: Duration)
    case outputTooLong(command: String)
    case nonUTF8Output(command: String)
    /// The machine presented a different host key than on the first connection.
    case hostKeyChanged(host: String)
    case downloadFailed(String)

    public var description: String {
        switch self {
        case .connectionBroke(let detail): "Connection broke: \(detail)"
        case .timedOut(let command, let after): "Command over SSH timeouted after \(after.seconds) s: \(command)"
        case .outputTooLong(let command): "SSH output was too long: \(command)"
        case .nonUTF8Output(let command): "Non-UTF8 characters in SSH output: \(command)"
        case .hostKeyChanged(let host):
            "The host key of \(host) changed since the first connection: this is not the machine we were given"
        case .downloadFailed(let detail):
            "Failed to download data from builder due to rsync error, see the rsync log file for details. \(detail)"
        }
    }
}

/// How results are copied from any builder. Upstream copies links, devices and hard
/// links as they are (`rsync -rltDvH`); here only regular files and directories come
/// over, so a link a build left in its results can never point the backend (which signs
/// and indexes what it downloaded) at a file of its own.
enum ResultsCopy {
    static let rsyncOptions = ["-rtv", "--no-links", "--no-devices", "--no-specials", "--chmod=D755,F644"]
}
