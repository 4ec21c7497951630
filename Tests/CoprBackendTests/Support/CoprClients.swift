import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// Copr's own clients from PyPI, copr-cli and python-copr, as `scripts/install-dependencies.sh`
/// installs them into a virtualenv ($COPR_CLIENTS_VENV, by default /opt/copr-clients),
/// pointed at one frontend as one of its users, by the configuration file the operator's
/// `copr-backend user add` printed.
///
/// A missing virtualenv fails the test with what to run: a client test never passes
/// silently without the clients.
struct CoprClients {
    static let defaultVirtualenv = "/opt/copr-clients"

    let virtualenv: String
    /// The copr-cli configuration file (`--config`), which python-copr reads too.
    let configurationPath: String
    /// Where the clients run: nil on this host, or inside this namespace, as on another
    /// machine of a network the frontend listens on.
    let network: NetworkNamespace?

    /// Uses `accountFile`, the copr-cli configuration `copr-backend user add` printed
    /// (login, username, token, copr_url, and `encrypted = false` for a plain-HTTP URL
    /// such as a test's frontend), and runs the clients in `network` when one is given.
    init(accountFile: String, network: NetworkNamespace? = nil) throws {
        let virtualenv = ProcessInfo.processInfo.environment["COPR_CLIENTS_VENV"] ?? Self.defaultVirtualenv
        guard FileManager.default.isExecutableFile(atPath: virtualenv + "/bin/copr-cli") else {
            throw TestSupportError.unexpected(
                "copr-cli is not installed in \(virtualenv); run scripts/install-dependencies.sh (or set COPR_CLIENTS_VENV to its virtualenv)")
        }
        self.virtualenv = virtualenv
        configurationPath = accountFile
        self.network = network
    }

    /// `copr-cli --config <file> <arguments>`, however it ends.
    func cli(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProcessOutput {
        let command = self.command("copr-cli", ["--config", configurationPath] + arguments)
        return try await ProcessRunner().capture(command.executable, command.arguments, timeout: timeout, outputLimit: 1 << 20)
    }

    /// The standard output of a copr-cli command that must succeed.
    func cliOutput(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
        let command = self.command("copr-cli", ["--config", configurationPath] + arguments)
        return try await TestCommand.output(command.executable, command.arguments, timeout: timeout)
    }

    /// `build <project> <srpm> --nowait`, an uploaded SRPM; returns the build's id from
    /// copr-cli's last line.
    func build(_ project: String, srpm: String) async throws -> Int {
        let output = try await cliOutput(["build", project, srpm, "--nowait"])
        let last = try #require(output.split(separator: "\n").last, "\(output)")
        return try #require(Int(last.replacingOccurrences(of: "Created builds: ", with: "")), "\(output)")
    }

    /// Runs `script` with the virtualenv's Python, python-copr importable and the
    /// configuration's path as `sys.argv[1]`; returns its standard output.
    func python(_ script: String) async throws -> String {
        let command = self.command("python3", ["-c", script, configurationPath])
        return try await TestCommand.output(command.executable, command.arguments)
    }

    /// The virtualenv's `tool` with `arguments`, in ``network`` if there is one.
    private func command(_ tool: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        let executable = virtualenv + "/bin/" + tool
        return network?.command(executable, arguments) ?? (executable, arguments)
    }
}
