import CoprCore
import Foundation

/// A builder on this machine, reached without SSH: each command runs as a local process
/// through `/bin/sh`, and every builder path lives under `root`, so several local
/// builders (and the backend) never share a results directory or a lock.
///
/// With a `LocalSandbox` (the default), every command runs as the builder's own account
/// inside the sandbox, and so does the reading side of the results copy; without one
/// (`unsafe_unsandboxed`), commands run as the backend's own user.
///
/// The builder agent learns its paths from `COPR_RPMBUILD_<KEY>` variables (its
/// `main.ini` keys); `<root>/bin` holds its upstream entry points, linked to the agent
/// found next to the backend's own executable.
public struct LocalShell: RemoteShell {
    public let root: String
    private let agent: String
    private let agentDirectory: String
    private let isolation: LocalIsolation
    /// What the sandbox hides: the backend's own directories and files.
    private let hiddenPaths: [String]
    private let resultsDir: String
    private let environment: [String: String]
    private let outputLimit: Int
    /// The longest the results copy may go without moving data.
    private let ioTimeout: Duration
    private let runner: ProcessRunner

    /// - Parameters:
    ///   - resultsDir: `[builder] results_dir`, the path the backend downloads from.
    ///   - agentDirectory: where `copr-rpmbuild` and its entry points are.
    ///   - isolation: how every command is confined; `hiddenPaths` are what a sandbox hides.
    public init(
        root: String, resultsDir: String, agentDirectory: String, isolation: LocalIsolation, hiddenPaths: [String],
        ioTimeout: Duration, outputLimit: Int = 64 * 1024, runner: ProcessRunner = ProcessRunner()
    ) {
        self.root = root
        self.isolation = isolation
        self.hiddenPaths = hiddenPaths
        self.agentDirectory = agentDirectory
        self.resultsDir = resultsDir
        self.ioTimeout = ioTimeout
        self.outputLimit = outputLimit
        self.runner = runner
        let sandboxed = isolation != .unsandboxed
        agent = ((sandboxed ? LocalSandbox.agentMount(root: root) : agentDirectory) as NSString).appendingPathComponent("copr-rpmbuild")
        let builderDir = root + "/var/lib/copr-rpmbuild"
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var environment = [
            "PATH": "\(root)/bin:\(path)",
            "COPR_RPMBUILD_RESULTDIR": root + resultsDir,
            "COPR_RPMBUILD_LOCKFILE": builderDir + "/lockfile",
            "COPR_RPMBUILD_LOGFILE": builderDir + "/main.log",
            "COPR_RPMBUILD_PIDFILE": builderDir + "/pid",
            "COPR_RPMBUILD_LOGGER_PIDFILE": builderDir + "/logger_pid",
            "COPR_RPMBUILD_WORKSPACE": builderDir + "/workspace",
        ]
        if sandboxed {
            // The agent must then cut the package's own code off the network, and give a
            // build with enable_net a network away from this machine's services, or fail.
            environment["COPR_RPMBUILD_REQUIRE_NETWORK_ISOLATION"] = "true"
            environment["COPR_RPMBUILD_PRIVATE_BUILD_NETWORK"] = "true"
            environment["HOME"] = root + "/home"
            environment["TMPDIR"] = "/tmp"
        }
        self.environment = environment
    }

    public func run(_ command: String, timeout: Duration?) async throws -> RemoteCommandResult {
        let sandbox = try prepareRoot()
        let output: ProcessOutput
        do {
            let line = sandbox?.commandLine(["/bin/sh", "-c", command]) ?? ["/bin/sh", "-c", command]
            output = try await runner.capture(
                line[0], Array(line.dropFirst()), environment: environment, workingDirectory: root, timeout: timeout,
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
        let sandbox = try prepareRoot()
        let line = sandbox?.commandLine(["/bin/sh", "-c", command]) ?? ["/bin/sh", "-c", command]
        // No limit of its own: the worker ends the follow at the build's timeout.
        let output = try await runner.stream(
            line[0], Array(line.dropFirst()), environment: environment, timeout: nil, consume: consume)
        guard case .exited(let code) = output.exit else {
            throw SSHFailure.connectionBroke("/bin/sh \(output.exit)")
        }
        return code
    }

    /// In the sandbox, what the build left running is stopped first and the files are read
    /// as the build account, so a build can only hand over its own files.
    public func download(remoteDirectory: String, to localDirectory: String, logPath: String) async throws {
        let sandbox = try prepareRoot()
        let source = root + (remoteDirectory.hasSuffix("/") ? remoteDirectory : remoteDirectory + "/")
        var arguments = ResultsCopy.rsyncOptions + ["--timeout=\(Int(ioTimeout.seconds.rounded(.up)))"]
        if let sandbox {
            let stop = sandbox.stopLeftoversCommandLine
            _ = try? await runner.capture(stop[0], Array(stop.dropFirst()), timeout: .seconds(30))
            arguments += ["--protect-args", "--rsh", remoteShellPath, "--", "localhost:" + source, localDirectory + "/"]
        } else {
            arguments += ["--", source, localDirectory + "/"]
        }
        let exit = try await runner.runLogged("rsync", arguments, logPath: logPath, truncateLog: true, timeout: nil)
        guard exit.isSuccess else {
            throw SSHFailure.downloadFailed("rsync \(exit) from \(source)")
        }
    }

    public func close() async {}

    /// rsync's remote shell for the results copy: it drops the host name rsync passes
    /// and starts rsync's sending side in the sandbox.
    private var remoteShellPath: String { root + "/bin/.copr-sandbox-rsh" }

    /// Makes the root's directories, the backend's own (`bin`, `agent`) owned by this
    /// process, the build account's owned by that account (or by this process when
    /// unsandboxed), handing over what the other mode left; returns the sandbox, nil when
    /// unsandboxed.
    private func prepareRoot() throws -> LocalSandbox? {
        let files = FileManager.default
        for directory in [root, root + "/bin", root + "/var/lib"] {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var sandbox: LocalSandbox?
        if case .sandbox(let buildUser) = isolation {
            guard let account = LocalSandbox.Account.named(buildUser) else {
                throw SSHFailure.connectionBroke("the build account \(buildUser) of the local builder \(root) does not exist")
            }
            let confinement = LocalSandbox(account: account, root: root, hiddenPaths: hiddenPaths, agentDirectory: agentDirectory)
            sandbox = confinement
            try files.createDirectory(atPath: confinement.agentMount, withIntermediateDirectories: true)
            for directory in LocalSandbox.accountDirectories(root: root, resultsDir: resultsDir) {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try Self.handOver(directory, to: account)
                chmod(directory, 0o700)
            }
            let script = "#!/bin/sh\n# rsync's remote shell of this local builder (written by copr-backend).\nshift\nexec "
                + ShellQuoting.join(confinement.commandLine([])) + " \"$@\"\n"
            if (try? String(contentsOfFile: remoteShellPath, encoding: .utf8)) != script {
                try script.write(toFile: remoteShellPath, atomically: true, encoding: .utf8)
                guard chmod(remoteShellPath, 0o755) == 0 else { throw SSHFailure.connectionBroke("cannot make \(remoteShellPath) executable") }
            }
        } else {
            // Back to this process's own account, so that a later sandboxed start finds
            // directories that are not the build account's and hands them over whole.
            let own = LocalSandbox.Account(name: NSUserName(), uid: geteuid(), gid: getegid())
            for directory in LocalSandbox.accountDirectories(root: root, resultsDir: resultsDir) {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try Self.handOver(directory, to: own)
            }
        }
        for name in ["copr-rpmbuild"] + BuilderInstaller.entryPoints {
            let link = "\(root)/bin/\(name)"
            if (try? files.destinationOfSymbolicLink(atPath: link)) != agent {
                try? files.removeItem(atPath: link)
                try files.createSymbolicLink(atPath: link, withDestinationPath: agent)
            }
        }
        return sandbox
    }

    /// Gives `directory` and everything in it to `account`, without following links,
    /// unless the directory already belongs to the account (its contents then do too: only
    /// that account writes there).
    private static func handOver(_ directory: String, to account: LocalSandbox.Account) throws {
        var status = stat()
        guard lstat(directory, &status) == 0, status.st_uid != account.uid else { return }
        let entries = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        for path in [directory] + entries.map({ directory + "/" + $0 }) where lchown(path, account.uid, account.gid) != 0 {
            throw SSHFailure.connectionBroke("cannot give \(path) to the build account \(account.name): \(String(cString: strerror(errno)))")
        }
    }
}
