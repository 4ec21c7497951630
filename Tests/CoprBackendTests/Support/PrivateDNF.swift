import CoprTestSupport
import Foundation

/// A real dnf that uses only what a test gives it: its repos.d, cache and install root
/// are in the test's directory and no system repository is read, so a test sees a served
/// repository exactly as a user's dnf would, and the machine's configuration is untouched.
struct PrivateDNF {
    let directory: String
    var reposDirectory: String { directory + "/repos.d" }
    /// Where dnf runs: nil on this host, or inside this namespace, as on another machine.
    let network: NetworkNamespace?

    /// A dnf for Fedora `release` on `architecture`, whatever this machine is, run in
    /// `network` when one is given.
    init(directory: String, release: String = "41", architecture: String = "x86_64", network: NetworkNamespace? = nil) throws {
        self.directory = directory
        self.network = network
        for path in [directory + "/repos.d", directory + "/root"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        options = [
            "-y", "--setopt=reposdir=\(directory)/repos.d", "--setopt=cachedir=\(directory)/cache",
            "--installroot=\(directory)/root", "--releasever=\(release)", "--forcearch=\(architecture)",
        ]
    }

    private let options: [String]
    /// Only the repositories a project's repo file added.
    private static let coprRepositories = ["--disablerepo=*", "--enablerepo=copr:*"]

    /// `dnf config-manager --add-repo <url>`, as a user adds a project.
    func addRepository(_ url: String) async throws {
        try await run(["config-manager", "--add-repo", url])
    }

    /// `dnf copr <arguments> --hub <hub>` with dnf4's copr plugin, as a user works with the
    /// projects of another Copr (`enable owner/project chroot` writes the project's repo
    /// file into this dnf's repos.d); returns what it printed on standard output.
    @discardableResult
    func copr(_ arguments: [String], hub: String) async throws -> String {
        try await run(["copr"] + arguments + ["--hub", hub])
    }

    /// The names of the files in this dnf's repos.d.
    func repositoryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: reposDirectory).sorted()
    }

    /// The packages called `name` the added repositories offer, one
    /// `<name>-<version>-<release>.<arch> <repository id>` per line.
    func query(_ name: String) async throws -> [String] {
        let output = try await run(
            Self.coprRepositories + ["repoquery", "--queryformat", "%{name}-%{version}-%{release}.%{arch} %{repoid}\n", name])
        return output.split(separator: "\n").map(String.init)
    }

    /// Downloads `package` (a name, or name.arch) from the added repositories into `destination`.
    func download(_ package: String, to destination: String) async throws {
        try await run(Self.coprRepositories + ["download", "--destdir", destination, package])
    }

    @discardableResult
    private func run(_ arguments: [String]) async throws -> String {
        let command = network?.command("dnf", options + arguments) ?? (executable: "dnf", arguments: options + arguments)
        return try await TestCommand.output(command.executable, command.arguments)
    }
}
