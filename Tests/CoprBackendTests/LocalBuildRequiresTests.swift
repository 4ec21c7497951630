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

    /// A spec of the README's example stack, `examples/stack`.
    static func exampleSpec(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/stack/\(name).spec").path
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Needs greeting-data's file too, and a package no repository provides.
    static let specC = spec("greeter-extra", requires: ["greeting-data", "deptest-nowhere"],
                            build: "cat /usr/share/greeting/message.txt > message.txt", install: """
        install -D -m 0644 message.txt %{buildroot}/usr/share/greeter-extra/message.txt
        """, files: "/usr/share/greeter-extra/message.txt")

    @Test("the README's stack: greeter, built after greeting-data, reads the file it ships; a BuildRequire no repository provides is named in the log")
    func dependencyFromTheProjectRepository() async throws {
        let directory = try TemporaryDirectory("copr-builddeps")
        defer { directory.remove() }
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let cli = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        let specs = ["a": try Self.exampleSpec("greeting-data"), "b": try Self.exampleSpec("greeter"), "c": Self.specC]
        for (name, text) in specs { try text.write(toFile: directory.appending("\(name).spec"), atomically: true, encoding: .utf8) }

        try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/deps", "--chroot", Self.chroot])
            let a = try await submit(cli, directory.appending("a.spec"))
            let b = try await submit(cli, directory.appending("b.spec"), after: a)
            let c = try await submit(cli, directory.appending("c.spec"), after: a)

            let logB = try await cli.run(["logs", "-f", b, Self.chroot], timeout: .seconds(180))
            #expect(logB.exit == .exited(0), "\(logB.standardOutput)")
            #expect(logB.standardOutput.contains("BuildRequires from the task's repositories: greeting-data >= 1.0 (greeting-data-1.0-1"),
                    "\(logB.standardOutput)")
            #expect(!logB.standardOutput.contains("not provided by the task's repositories"), "\(logB.standardOutput)")

            let logC = try await cli.run(["logs", "-f", c, Self.chroot], timeout: .seconds(180))
            #expect(logC.exit == .exited(0), "\(logC.standardOutput)")
            #expect(logC.standardOutput.contains("relying on this host for them): deptest-nowhere\n"), "\(logC.standardOutput)")
            #expect(logC.standardOutput.contains("BuildRequires from the task's repositories: greeting-data"), "\(logC.standardOutput)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/usr/share/greeting"), "nothing is installed into the system")
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
