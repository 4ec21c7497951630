import CoprCore
import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// copr-cli 2.6's package commands against the embedded frontend over real HTTP: what
/// it sends for `add-package-scm`, `edit-package-scm`, `build-package`, `list-packages`,
/// `get-package` and `delete-package` is accepted, and what it prints from the answers is
/// Copr's: first against the frontend alone (the build of the package is cancelled),
/// then with `copr-backend run` and its local builder, building a package from a git
/// repository served from a network namespace of the test's.
@Suite("Integration: Copr's clients, packages", .localBuilderTurns)
struct CoprClientsPackageTests {
    static let cloneURL = "https://git.example.org/hello.git"

    @Test("copr-cli adds, edits, builds, lists, shows and deletes an SCM package; rubygems is refused by command name")
    func packages() async throws {
        try await EmbeddedFrontendTestServer.run { frontend in
            try await frontend.createProject(chroots: ["fedora-41-x86_64"])
            let copr = try await Self.client(of: frontend)

            let added = try await copr.cli(["add-package-scm", "jdoe/hello", "--name", "hello", "--clone-url", Self.cloneURL, "--commit", "main"])
            #expect(added.exit == .exited(0), "\(added.standardError)")
            #expect(added.standardOutput == "Create or edit operation was successful.\n")
            let edited = try await copr.cli([
                "edit-package-scm", "jdoe/hello", "--name", "hello", "--clone-url", Self.cloneURL, "--subdir", "rpm", "--webhook-rebuild", "on",
            ])
            #expect(edited.exit == .exited(0), "\(edited.standardError)")
            let gem = try await copr.cli(["add-package-rubygems", "jdoe/hello", "--name", "gem", "--gem", "gem"])
            #expect(gem.standardError.contains("add-package-rubygems is not supported"), "\(gem.standardError)")

            let built = try await copr.cliOutput(["build-package", "jdoe/hello", "--name", "hello", "--nowait", "--chroot", "fedora-41-x86_64"])
            let id = try #require(built.split(separator: "\n").last.flatMap { Int($0.replacingOccurrences(of: "Created builds: ", with: "")) }, "\(built)")
            #expect(try await frontend.store.build(id: id).build.packageName == "hello")

            #expect(try await copr.cliOutput(["list-package-names", "jdoe/hello"]) == "hello\n")
            let listed = try JSONValue.parse(try await copr.cliOutput(["list-packages", "jdoe/hello"]))
            #expect(listed.arrayValue?.first?["source_dict"]?["subdirectory"] == "rpm", "\(listed)")
            #expect(listed.arrayValue?.first?["auto_rebuild"] == true)
            let shown = try JSONValue.parse(try await copr.cliOutput(["get-package", "jdoe/hello", "--name", "hello", "--with-latest-build"]))
            #expect(shown["latest_build"]?["id"] == .int(id), "\(shown)")
            // copr-cli sends every SCM field, its defaults included: as on Copr, edit-package-scm
            // without --commit builds the default branch again.
            #expect(shown["source_dict"]?["committish"] == "")

            let running = try await copr.cli(["delete-package", "jdoe/hello", "--name", "hello"])
            #expect(running.exit != .exited(0), "\(running.standardOutput)")
            #expect(running.standardError.contains("Build \(id)"), "\(running.standardError)")
            #expect(try await copr.cli(["cancel", String(id)]).exit == .exited(0))
            #expect(try await copr.cliOutput(["delete-package", "jdoe/hello", "--name", "hello"]) == "Package hello was successfully deleted.\n")
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").isEmpty)
            #expect((try? await frontend.store.build(id: id)) == nil)
        }
    }

    @Test("a package of a git repository out in the world: build-package succeeds on the local builder, get-package shows it, delete-package takes it")
    func buildOnTheLocalBuilder() async throws {
        let directory = try TemporaryDirectory("copr-package")
        defer { directory.remove() }
        let world = directory.appending("world")
        try await GitRepositoryFixture.make(at: world + "/hello-agent.git", files: [
            "rpm/hello-agent.spec": AgentIntegrationTests.spec, "rpm/hello-agent.txt": "Hello from a package\n",
        ])
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let demo = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        // The repository is served from a namespace of its own: neither loopback nor an
        // address of this machine, which the frontend and the builder refuse to clone from.
        try await PeerNetworkNamespace.with(serving: world) { peer in
            try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
                let copr = try CoprClients(accountFile: demo.coprConfigPath)
                _ = try await copr.cliOutput(["create", "hello", "--chroot", EmbeddedDaemonTests.chroot])
                _ = try await copr.cliOutput([
                    "add-package-scm", "hello", "--name", "hello-agent", "--clone-url", peer.baseURL + "/hello-agent.git", "--commit", "v1",
                    "--subdir", "rpm",
                ])
                let built = try await copr.cliOutput(["build-package", "hello", "--name", "hello-agent", "--nowait"])
                let id = try #require(
                    built.split(separator: "\n").last.flatMap { Int($0.replacingOccurrences(of: "Created builds: ", with: "")) }, "\(built)")
                try await waitUntil("build \(id) to end", timeout: .seconds(150), every: .seconds(1)) {
                    ["succeeded\n", "failed\n"].contains(try await copr.cliOutput(["status", String(id)]))
                }
                #expect(try await copr.cliOutput(["status", String(id)]) == "succeeded\n")
                let shown = try JSONValue.parse(try await copr.cliOutput([
                    "get-package", "hello", "--name", "hello-agent", "--with-latest-build", "--with-latest-succeeded-build",
                ]))
                #expect(shown["latest_build"]?["id"] == .int(id), "\(shown)")
                #expect(shown["latest_succeeded_build"]?["source_package"]?["name"] == "hello-agent", "\(shown)")
                #expect(try await copr.cliOutput(["list-builds", "hello"]) == "\(id)\thello-agent\tsucceeded\n")
                #expect(try await copr.cliOutput(["delete-package", "hello", "--name", "hello-agent"]) == "Package hello-agent was successfully deleted.\n")
                #expect(try await copr.cliOutput(["list-builds", "hello"]) == "")
            }
        }
    }

    /// copr-cli configured as site admin `jdoe` of `frontend`, with a token of its own.
    static func client(of frontend: EmbeddedFrontendTestServer) async throws -> CoprClients {
        let token = try await frontend.store.issueToken(for: "jdoe", lifetime: 3600)
        let file = frontend.directory + "/copr-jdoe"
        try """
            [copr-cli]
            login = \(token.id)
            username = jdoe
            token = \(token.secret)
            copr_url = \(frontend.baseURL)
            encrypted = False

            """.write(toFile: file, atomically: true, encoding: .utf8)
        return try CoprClients(accountFile: file)
    }
}
