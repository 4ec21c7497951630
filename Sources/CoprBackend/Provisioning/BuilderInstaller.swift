import CoprCore
import Foundation
import Logging

/// Installs the builder agent (`copr-rpmbuild`) on a machine over SSH, so a plain
/// Debian, Ubuntu or Fedora host becomes a builder.
///
/// Copies the agent binary (build it self-contained with `swift build -c release
/// --static-swift-stdlib --product copr-rpmbuild`), links the upstream entry points
/// (`copr-rpmbuild-log`, `copr-rpmbuild-cancel`, `copr-builder-ready`), creates the
/// builder directories and checks that `copr-rpmbuild --version` answers with at least
/// `[builder] min_version`.
public struct BuilderInstaller: Sendable {
    public var agentPath: String
    /// Where the binary and its links go on the builder.
    public var prefix: String
    public var minimumVersion: String
    public var commandTimeout: Duration
    private let runner: ProcessRunner

    public static let entryPoints = ["copr-rpmbuild-log", "copr-rpmbuild-cancel", "copr-builder-ready"]

    public init(agentPath: String, prefix: String = "/usr/bin", minimumVersion: String, commandTimeout: Duration,
                runner: ProcessRunner = ProcessRunner()) {
        self.agentPath = agentPath
        self.prefix = prefix
        self.minimumVersion = minimumVersion
        self.commandTimeout = commandTimeout
        self.runner = runner
    }

    /// Why the installation failed, with what to do about it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Installs the agent through `shell`; returns the version the builder reports.
    public func install(using shell: OpenSSHShell, logPath: String) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: agentPath) else {
            throw Failure(description: "no agent binary at \(agentPath); build it with: swift build -c release --static-swift-stdlib --product copr-rpmbuild")
        }
        let binary = (prefix as NSString).appendingPathComponent("copr-rpmbuild")
        let staging = binary + ".new"
        let prepare = try await shell.run(
            ShellQuoting.join(["mkdir", "-p", prefix, "/var/lib/copr-rpmbuild/results", "/etc/copr-rpmbuild"]),
            timeout: commandTimeout)
        guard prepare.exitCode == 0 else {
            throw Failure(description: "cannot create the builder directories: \(prepare.errorOutput.prefix(300))")
        }
        try await shell.upload(localFile: agentPath, to: staging, logPath: logPath)
        let links = Self.entryPoints.map { ShellQuoting.join(["ln", "-sf", "copr-rpmbuild", (prefix as NSString).appendingPathComponent($0)]) }
        let activate = try await shell.run(
            ([ShellQuoting.join(["mv", "-f", staging, binary])] + links).joined(separator: " && "), timeout: commandTimeout)
        guard activate.exitCode == 0 else {
            throw Failure(description: "cannot install \(binary): \(activate.errorOutput.prefix(300))")
        }
        let version = try await shell.run(ShellQuoting.join([binary, "--version"]), timeout: commandTimeout)
        let reported = version.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard version.exitCode == 0, let found = BuilderVersion(reported) else {
            throw Failure(description: "the installed agent does not run on the builder (\(version.errorOutput.prefix(300))); is it built with --static-swift-stdlib?")
        }
        guard let minimum = BuilderVersion(minimumVersion), found >= minimum else {
            throw Failure(description: "the agent reports version \(reported), below [builder] min_version \(minimumVersion)")
        }
        return reported
    }
}
