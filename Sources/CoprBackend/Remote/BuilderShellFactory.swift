import Foundation
import Logging

/// Makes the shell for a leased host by its transport: `OpenSSHShell` for SSH builders,
/// `LocalShell` for builders on this machine.
public struct BuilderShellFactory: RemoteShellFactory {
    public var ssh: OpenSSHShell.Settings
    /// `[builder] results_dir`, mapped under a local builder's root.
    public var resultsDir: String
    /// Where the builder agent is for local builders: next to this program by default.
    public var agentDirectory: String
    /// How each local builder (by root) confines builds; a root not listed is sandboxed
    /// as `LocalSandbox.defaultBuildUser`.
    public var localIsolation: [String: LocalIsolation]
    /// What a local builder's sandbox hides: the backend's own directories and files.
    public var hiddenPaths: [String]
    public var logger: Logger

    public init(
        ssh: OpenSSHShell.Settings, resultsDir: String, agentDirectory: String = BuilderShellFactory.ownDirectory,
        localIsolation: [String: LocalIsolation] = [:], hiddenPaths: [String] = [], logger: Logger
    ) {
        self.ssh = ssh
        self.resultsDir = resultsDir
        self.agentDirectory = agentDirectory
        self.localIsolation = localIsolation
        self.hiddenPaths = hiddenPaths
        self.logger = logger
    }

    public func shell(for host: BuilderHost, user: String) -> any RemoteShell {
        switch host.transport {
        case .ssh:
            OpenSSHShell(host: host, user: user, settings: ssh, logger: logger)
        case .local(let root):
            LocalShell(
                root: root, resultsDir: resultsDir, agentDirectory: agentDirectory, isolation: localIsolation[root] ?? .default,
                hiddenPaths: hiddenPaths, ioTimeout: ssh.commandTimeout)
        }
    }

    /// The directory of the running executable.
    public static var ownDirectory: String {
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent().path
    }
}
