import ArgumentParser
import CoprBackend
import Foundation
import Logging

/// `copr-backend builder-install HOST`: puts the builder agent on a machine over SSH.
struct BuilderInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "builder-install",
        abstract: "Install the copr-rpmbuild builder agent on a host over SSH and check that it runs.")

    @Argument(help: "The builder's host name or address.")
    var host: String

    @Option(help: "SSH port of the builder.")
    var port: Int?

    @Option(help: "SSH user (default: [backend] build_user).")
    var user: String?

    @Option(help: "The agent binary to install (default: copr-rpmbuild next to this program).")
    var agent: String?

    @Option(help: "Directory on the builder for the binary and its entry-point links.")
    var prefix: String = "/usr/bin"

    @Option(name: [.customShort("c"), .customLong("config")], help: "The backend configuration file.")
    var configPath: String = BackendConfiguration.defaultPath

    func run() async throws {
        let configuration = try BackendConfiguration.loadForCommand(path: configPath)
        guard let hostname = BuilderHost.validatedHostname(host) else {
            FileHandle.standardError.write(Data("copr-backend: '\(host)' is not a host name or address\n".utf8))
            throw ExitCode(2)
        }
        let logger = try BackendEnvironment.prepare(configuration, logName: "worker")
        let executableDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        let installer = BuilderInstaller(
            agentPath: agent ?? "\(executableDirectory)/copr-rpmbuild", prefix: prefix,
            minimumVersion: configuration.builder.minVersion, commandTimeout: configuration.timing.sshCommandTimeout)
        let lease = BuilderHost(
            hostname: hostname, port: port, name: hostname, user: nil,
            allocationID: "install-\(UUID().uuidString.prefix(8))", ticketID: nil, requestedTags: [])
        let services = BuildWorker.Services.from(configuration, logger: logger)
        guard let shell = services.shells.shell(for: lease, user: user ?? configuration.backend.buildUser) as? OpenSSHShell else {
            throw ExitCode(1)
        }
        let logPath = (configuration.backend.logDir as NSString).appendingPathComponent("builder-install.log")
        do {
            let version = try await installer.install(using: shell, logPath: logPath)
            await shell.close()
            print("copr-rpmbuild \(version) installed on \(hostname) in \(prefix)")
        } catch {
            await shell.close()
            FileHandle.standardError.write(Data("copr-backend: installing on \(hostname) failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
