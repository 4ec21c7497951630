import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The local builder has no mock: a package that BuildRequires another package of the
/// same project still builds, its dependency taken from the project's repository.
@Suite("Integration: BuildRequires from the project's repository on the local builder", .localBuilderTurns)
struct LocalBuildRequiresTests {
    static let chroot = EmbeddedDaemonTests.chroot

    /// A noarch package named `name`; `%install` writes the files of `install` and
    /// `%build` runs `build`.
    static func spec(_ name: String, requires: [String] = [], build: String = "", install: String = "", files: String) -> String {
        """
        Name: \(name)
        Version: 1.0
        Release: 1
        Summary: \(name)
        License: MIT
        BuildArch: noarch
        \(requires.map { "BuildRequires: \($0)" }.joined(separator: "\n"))
        %description
        \(name)
        %build
        \(build)
        %install
        \(install)
        %files
        \(files)
        """
    }

    static let specA = spec("deptest-a", install: """
        mkdir -p %{buildroot}/usr/share/deptest-a
        echo hello-from-a > %{buildroot}/usr/share/deptest-a/data.txt
        """, files: "/usr/share/deptest-a/data.txt")

    static func specB(_ name: String, requires: [String]) -> String {
        spec(name, requires: requires, build: "grep hello-from-a /usr/share/deptest-a/data.txt > from-a.txt", install: """
            mkdir -p %{buildroot}/usr/share/\(name)
            cp from-a.txt %{buildroot}/usr/share/\(name)/
            """, files: "/usr/share/\(name)/from-a.txt")
    }

    @Test("B, built after A, reads the file A ships; a BuildRequire no repository provides is named in the log")
    func dependencyFromTheProjectRepository() async throws {
        let directory = try TemporaryDirectory("copr-builddeps")
        defer { directory.remove() }
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let cli = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        let specs = ["a": Self.specA, "b": Self.specB("deptest-b", requires: ["deptest-a >= 1.0"]),
                     "c": Self.specB("deptest-c", requires: ["deptest-a", "deptest-nowhere"])]
        for (name, text) in specs { try text.write(toFile: directory.appending("\(name).spec"), atomically: true, encoding: .utf8) }

        try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/deps", "--chroot", Self.chroot])
            let a = try await submit(cli, directory.appending("a.spec"))
            let b = try await submit(cli, directory.appending("b.spec"), after: a)
            let c = try await submit(cli, directory.appending("c.spec"), after: a)

            let logB = try await cli.run(["logs", "-f", b, Self.chroot], timeout: .seconds(180))
            #expect(logB.exit == .exited(0), "\(logB.standardOutput)")
            #expect(logB.standardOutput.contains("BuildRequires from the task's repositories: deptest-a >= 1.0 (deptest-a-1.0-1.noarch.rpm"),
                    "\(logB.standardOutput)")
            #expect(!logB.standardOutput.contains("not provided by the task's repositories"), "\(logB.standardOutput)")

            let logC = try await cli.run(["logs", "-f", c, Self.chroot], timeout: .seconds(180))
            #expect(logC.exit == .exited(0), "\(logC.standardOutput)")
            #expect(logC.standardOutput.contains("relying on this host for them): deptest-nowhere\n"), "\(logC.standardOutput)")
            #expect(logC.standardOutput.contains("BuildRequires from the task's repositories: deptest-a"), "\(logC.standardOutput)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/usr/share/deptest-a"), "nothing is installed into the system")
    }

    /// Submits a spec (after build `after`, when given) and returns the build's id.
    private func submit(_ cli: EmbeddedDaemonTests.CLI, _ spec: String, after: String? = nil) async throws -> String {
        let output = try await cli.output(["build", "submit", "demo/deps", "--spec", spec, "--quiet"]
            + (after.map { ["--after-build-id", $0] } ?? []))
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(id) != nil, "\(output)")
        return id
    }
}
