import CoprCore
import CoprTestSupport
import Foundation

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

    /// Uses `accountFile`, the copr-cli configuration `copr-backend user add` printed
    /// (login, username, token, copr_url, and `encrypted = false` for a plain-HTTP URL
    /// such as a test's loopback frontend).
    init(accountFile: String) throws {
        let virtualenv = ProcessInfo.processInfo.environment["COPR_CLIENTS_VENV"] ?? Self.defaultVirtualenv
        guard FileManager.default.isExecutableFile(atPath: virtualenv + "/bin/copr-cli") else {
            throw TestSupportError.unexpected(
                "copr-cli is not installed in \(virtualenv); run scripts/install-dependencies.sh (or set COPR_CLIENTS_VENV to its virtualenv)")
        }
        self.virtualenv = virtualenv
        configurationPath = accountFile
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
