import CoprCore
import CoprTestSupport
import Foundation

/// Copr's own clients from PyPI, copr-cli and python-copr, as `scripts/install-dependencies.sh`
/// installs them into a virtualenv ($COPR_CLIENTS_VENV, by default /opt/copr-clients),
/// pointed at one frontend by a copr-cli configuration file of the test's own.
///
/// A missing virtualenv fails the test with what to run: a client test never passes
/// silently without the clients.
struct CoprClients {
    static let defaultVirtualenv = "/opt/copr-clients"

    let virtualenv: String
    /// The copr-cli configuration file (`--config`), which python-copr reads too.
    let configurationPath: String

    /// Writes a configuration for `frontendURL` into `directory`. Reads need no account,
    /// so the login and token are placeholders; `encrypted = false` lets the clients talk
    /// plain HTTP to a test's loopback frontend, and `gssapi = false` keeps copr-cli from
    /// trying Kerberos.
    init(frontendURL: String, directory: String) throws {
        let virtualenv = ProcessInfo.processInfo.environment["COPR_CLIENTS_VENV"] ?? Self.defaultVirtualenv
        guard FileManager.default.isExecutableFile(atPath: virtualenv + "/bin/copr-cli") else {
            throw TestSupportError.unexpected(
                "copr-cli is not installed in \(virtualenv); run scripts/install-dependencies.sh (or set COPR_CLIENTS_VENV to its virtualenv)")
        }
        self.virtualenv = virtualenv
        configurationPath = directory + "/copr-cli.conf"
        let configuration = """
            [copr-cli]
            login = placeholder
            username = demo
            token = placeholder
            copr_url = \(frontendURL)
            encrypted = false
            gssapi = false

            """
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    /// `copr-cli --config <file> <arguments>`, however it ends.
    func cli(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProcessOutput {
        try await ProcessRunner().capture(
            virtualenv + "/bin/copr-cli", ["--config", configurationPath] + arguments, timeout: timeout, outputLimit: 1 << 20)
    }

    /// The standard output of a copr-cli command that must succeed.
    func cliOutput(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
        try await TestCommand.output(virtualenv + "/bin/copr-cli", ["--config", configurationPath] + arguments, timeout: timeout)
    }

    /// Runs `script` with the virtualenv's Python, python-copr importable and the
    /// configuration's path as `sys.argv[1]`; returns its standard output.
    func python(_ script: String) async throws -> String {
        try await TestCommand.output(virtualenv + "/bin/python3", ["-c", script, configurationPath])
    }
}
