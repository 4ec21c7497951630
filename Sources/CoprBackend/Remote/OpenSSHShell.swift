import CoprCore
import Foundation
import Logging

/// Builders over the system OpenSSH client, `-F [ssh] builder_config`.
///
/// The host key is pinned for the whole lease, whatever the operator's config says
/// (Copr recommends `StrictHostKeyChecking no`): the first connection records the key in
/// a known-hosts file of this lease, every later one must present the same key
/// (command-line `-o` options win over the config file). Each lease also gets its own
/// ControlMaster socket, so a master left from an earlier machine at the same address
/// is never reused.
public struct OpenSSHShell: RemoteShell {
    public struct Settings: Sendable {
        public var configFile: String
        /// Holds `known-hosts/` and `control/` for the leases.
        public var stateDirectory: String
        public var outputLimit = 64 * 1024
        public var rsyncAttempts: Int
        public var retryPause: Duration
        /// Limit for the connection housekeeping (closing the master connection), and the
        /// longest rsync may go without moving data.
        public var commandTimeout: Duration

        public init(configFile: String, stateDirectory: String, rsyncAttempts: Int, retryPause: Duration, commandTimeout: Duration) {
            self.configFile = configFile
            self.stateDirectory = stateDirectory
            self.rsyncAttempts = rsyncAttempts
            self.retryPause = retryPause
            self.commandTimeout = commandTimeout
        }
    }

    public let host: BuilderHost
    public let user: String
    private let settings: Settings
    private let runner: ProcessRunner
    private let logger: Logger

    public init(host: BuilderHost, user: String, settings: Settings, runner: ProcessRunner = ProcessRunner(), logger: Logger) {
        self.host = host
        self.user = user
        self.settings = settings
        self.runner = runner
        self.logger = logger
    }

    var knownHostsFile: String { "\(settings.stateDirectory)/known-hosts/\(host.allocationID)" }
    /// One socket per lease (not per address): a new machine at a reused address must
    /// never be reached through the master connection of the old one.
    var controlPath: String { "\(settings.stateDirectory)/control/\(host.allocationID)" }

    /// The ssh options shared by commands and rsync.
    var sshOptions: [String] {
        var options = ["-F", settings.configFile]
        if let port = host.port { options += ["-p", String(port)] }
        options += [
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=accept-new",
            "-o", "UserKnownHostsFile=\(knownHostsFile)",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "CheckHostIP=no",
            "-o", "UpdateHostKeys=no",
            "-o", "HashKnownHosts=no",
            "-o", "ControlPath=\(controlPath)",
        ]
        return options
    }

    private var destination: String { "\(user)@\(host.hostname)" }

    public func run(_ command: String, timeout: Duration?) async throws -> RemoteCommandResult {
        try prepareDirectories()
        logger.debug("Running over SSH on \(host.hostname): \(command)")
        let output: ProcessOutput
        do {
            output = try await runner.capture(
                "ssh", sshOptions + ["--", destination, command],
                timeout: timeout, outputLimit: settings.outputLimit)
        } catch is ProcessTimedOut {
            throw SSHFailure.timedOut(command: command, after: timeout ?? .zero)
        } catch let error as ProcessSpawnFailed {
            throw SSHFailure.connectionBroke(error.description)
        }
        try classify(output, command: command)
        if output.truncated { throw SSHFailure.outputTooLong(command: command) }
        if !output.validUTF8 { throw SSHFailure.nonUTF8Output(command: command) }
        guard case .exited(let code) = output.exit else {
            throw SSHFailure.connectionBroke("ssh \(output.exit)")
        }
        return RemoteCommandResult(exitCode: code, output: output.standardOutput, errorOutput: output.standardError)
    }

    public func follow(_ command: String, consume: @escaping @Sendable ([UInt8]) throws -> Void) async throws -> Int32 {
        try prepareDirectories()
        let output: ProcessOutput
        do {
            // No limit of its own: the worker ends the follow at the build's timeout.
            output = try await runner.stream("ssh", sshOptions + ["--", destination, command], timeout: nil, consume: consume)
        } catch let error as ProcessSpawnFailed {
            throw SSHFailure.connectionBroke(error.description)
        }
        try classify(output, command: command)
        guard case .exited(let code) = output.exit else {
            throw SSHFailure.connectionBroke("ssh \(output.exit)")
        }
        return code
    }

    public func download(remoteDirectory: String, to localDirectory: String, logPath: String) async throws {
        let source = remoteLocation(remoteDirectory.hasSuffix("/") ? remoteDirectory : remoteDirectory + "/")
        try await rsync(ResultsCopy.rsyncOptions + [source, localDirectory + "/"], logPath: logPath)
    }

    /// Copies one local file to `remotePath` on the builder (used to install the agent).
    public func upload(localFile: String, to remotePath: String, logPath: String) async throws {
        try await rsync(["-tv", "--chmod=F755", localFile, remoteLocation(remotePath)], logPath: logPath)
    }

    private func remoteLocation(_ path: String) -> String {
        let hostPart = host.hostname.contains(":") ? "[\(host.hostname)]" : host.hostname
        return "\(user)@\(hostPart):\(path)"
    }

    /// rsync over this lease's ssh options, `rsync_attempts` times, its output in `logPath`.
    private func rsync(_ transfer: [String], logPath: String) async throws {
        try prepareDirectories()
        let remoteShell = (["ssh"] + sshOptions).map(ShellQuoting.quote).joined(separator: " ")
        // rsync's own I/O timeout: a transfer that moves no data for that long fails
        // (and is retried) instead of hanging on a stuck builder; big results still pass.
        let options = Array(transfer.dropLast(2)) + ["--timeout=\(Int(settings.commandTimeout.seconds.rounded(.up)))"]
        let arguments = options + ["-e", remoteShell, "--"] + transfer.suffix(2)
        var lastFailure = ""
        for attempt in 1...max(1, settings.rsyncAttempts) {
            do {
                let exit = try await runner.runLogged("rsync", arguments, logPath: logPath, truncateLog: true, timeout: nil)
                if exit.isSuccess { return }
                lastFailure = "rsync \(exit)"
            } catch let error as ProcessSpawnFailed {
                lastFailure = error.description
            }
            logger.warning("rsync attempt \(attempt) with \(host.hostname) failed: \(lastFailure)")
            if attempt < settings.rsyncAttempts {
                try await Task.sleep(for: settings.retryPause)
            }
        }
        throw SSHFailure.downloadFailed("\(settings.rsyncAttempts) attempts, last: \(lastFailure)")
    }

    public func close() async {
        _ = try? await runner.capture(
            "ssh", sshOptions + ["-O", "exit", "--", destination], timeout: settings.commandTimeout)
        try? FileManager.default.removeItem(atPath: knownHostsFile)
    }

    /// ssh exits 255 for its own failures; the text tells a changed host key apart.
    private func classify(_ output: ProcessOutput, command: String) throws {
        guard output.exit == .exited(255) else { return }
        let stderr = output.standardError
        if stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || stderr.contains("Host key verification failed") {
            throw SSHFailure.hostKeyChanged(host: host.hostname)
        }
        throw SSHFailure.connectionBroke(stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(500).description)
    }

    private func prepareDirectories() throws {
        for directory in ["known-hosts", "control"] {
            try FileManager.default.createDirectory(
                atPath: "\(settings.stateDirectory)/\(directory)", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
    }
}
