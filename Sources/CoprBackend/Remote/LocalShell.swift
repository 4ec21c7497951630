import CoprCore
import Foundation

/// A builder on this machine, reached without SSH: each command runs as a local process
/// through `/bin/sh`, and every builder path lives under `root`, so several local
/// builders (and the backend) never share a results directory or a lock.
///
/// The builder agent learns its paths from `COPR_RPMBUILD_<KEY>` variables (its
/// `main.ini` keys); `<root>/bin` holds its upstream entry points, linked to the agent
/// found next to the backend's own executable.
public struct LocalShell: RemoteShell {
    public let root: String
    private let agent: String
    private let environment: [String: String]
    private let outputLimit: Int
    /// The longest the results copy may go without moving data.
    private let ioTimeout: Duration
    private let runner: ProcessRunner

    /// - Parameters:
    ///   - resultsDir: `[builder] results_dir`, the path the backend downloads from.
    ///   - agentDirectory: where `copr-rpmbuild` and its entry points are.
    public init(
        root: String, resultsDir: String, agentDirectory: String, ioTimeout: Duration, outputLimit: Int = 64 * 1024,
        runner: ProcessRunner = ProcessRunner()
    ) {
        self.root = root
        self.ioTimeout = ioTimeout
        self.outputLimit = outputLimit
        self.runner = runner
        agent = (agentDirectory as NSString).appendingPathComponent("copr-rpmbuild")
        let builderDir = root + "/var/lib/copr-rpmbuild"
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment = [
            "PATH": "\(root)/bin:\(path)",
            "COPR_RPMBUILD_RESULTDIR": root + resultsDir,
            "COPR_RPMBUILD_LOCKFILE": builderDir + "/lockfile",
            "COPR_RPMBUILD_LOGFILE": builderDir + "/main.log",
            "COPR_RPMBUILD_PIDFILE": builderDir + "/pid",
            "COPR_RPMBUILD_LOGGER_PIDFILE": builderDir + "/logger_pid",
            "COPR_RPMBUILD_WORKSPACE": builderDir + "/workspace",
        ]
    }

    public func run(_ command: String, timeout: Duration?) async throws -> RemoteCommandResult {
        try prepareRoot()
        let output: ProcessOutput
        do {
            output = try await runner.capture(
                "/bin/sh", ["-c", command], environment: environment, workingDirectory: root, timeout: timeout,
                outputLimit: outputLimit)
        } catch is ProcessTimedOut {
            throw SSHFailure.timedOut(command: command, after: timeout ?? .zero)
        } catch let error as ProcessSpawnFailed {
            throw SSHFailure.connectionBroke(error.description)
        }
        if output.truncated { throw SSHFailure.outputTooLong(command: command) }
        guard case .exited(let code) = output.exit else {
            throw SSHFailure.connectionBroke("/bin/sh \(output.exit)")
        }
        return RemoteCommandResult(exitCode: code, output: output.standardOutput, errorOutput: output.standardError)
    }

    public func follow(_ command: String, consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws -> Int32 {
        try prepareRoot()
        let output = try await runner.stream("/bin/sh", ["-c", command], environment: environment, consume: consume)
        guard case .exited(let code) = output.exit else {
            throw SSHFailure.connectionBroke("/bin/sh \(output.exit)")
        }
        return code
    }

    public func download(remoteDirectory: String, to localDirectory: String, logPath: String) async throws {
        let source = root + (remoteDirectory.hasSuffix("/") ? remoteDirectory : remoteDirectory + "/")
        let exit = try await runner.runLogged(
            "rsync", ["-rltDvH", "--chmod=D755,F644", "--timeout=\(Int(ioTimeout.seconds.rounded(.up)))", "--", source, localDirectory + "/"],
            logPath: logPath, truncateLog: true, timeout: nil)
        guard exit.isSuccess else {
            throw SSHFailure.downloadFailed("rsync \(exit) from \(source)")
        }
    }

    public func close() async {}

    private func prepareRoot() throws {
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/var/lib/copr-rpmbuild", withIntermediateDirectories: true)
        try files.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        for name in ["copr-rpmbuild"] + BuilderInstaller.entryPoints {
            let link = "\(root)/bin/\(name)"
            if (try? files.destinationOfSymbolicLink(atPath: link)) != agent {
                try? files.removeItem(atPath: link)
                try files.createSymbolicLink(atPath: link, withDestinationPath: agent)
            }
        }
    }
}
