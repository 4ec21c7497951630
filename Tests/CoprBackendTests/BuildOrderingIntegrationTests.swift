import CoprCore
import Foundation
import Testing

/// Ordered builds on a running `copr-backend run` with this machine as the builder, used
/// through the CLI only (``EmbeddedDaemonTests``'s daemon and CLI): each build of a chain
/// starts only after the one before it ended, a waiting build says what it waits for,
/// a failed predecessor lets the next one run, and copr-cli's own requests order builds
/// the same way. The packages are empty noarch specs, so that the chain stays short.
@Suite("Integration: build ordering", .localBuilderTurns)
struct BuildOrderingIntegrationTests {
    typealias Daemon = EmbeddedDaemonTests
    typealias CLI = EmbeddedDaemonTests.CLI

    /// An empty noarch package named `name` whose `%build` runs `build`.
    static func spec(_ name: String, build: String = "") -> String {
        """
        Name: \(name)
        Version: 1.0
        Release: 1
        Summary: One link of a chain
        License: MIT
        BuildArch: noarch

        %description
        An empty package.

        %build
        \(build)

        %files

        """
    }

    /// The `%build` of a chain's first link: long enough that the next link, submitted
    /// right after, finds it unfinished even on a loaded machine. Copr refuses to order
    /// a build after one that has already ended.
    static let slowBuild = "sleep 10"

    /// Runs `body` with the CLI of a user of a running daemon (this machine its builder)
    /// who created project demo/order, in a fresh directory `name`.
    static func withProject(_ name: String, _ body: (CLI, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(name)
        defer { directory.remove() }
        let configuration = try Daemon.localConfiguration(in: directory)
        let cli = try await CLI.withAccount(configurationPath: configuration.path)
        try await Daemon.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/order", "--chroot", Daemon.chroot])
            try await body(cli, directory)
        }
    }

    /// Submits the spec of `name` to demo/order with `options`; returns the build id.
    static func submit(_ cli: CLI, _ directory: TemporaryDirectory, _ name: String, build: String = "", _ options: [String] = []) async throws -> Int {
        let path = directory.appending("\(name).spec")
        try spec(name, build: build).write(toFile: path, atomically: true, encoding: .utf8)
        let output = try await cli.output(["build", "submit", "demo/order", "--spec", path, "--quiet"] + options)
        return try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(output)")
    }

    /// The build as `build show --json` prints it.
    static func record(_ cli: CLI, _ id: Int) async throws -> JSONValue {
        try JSONValue.decode(Data(try await cli.output(["build", "show", String(id), "--json"]).utf8))
    }

    /// When the build's source build started and when its last task ended.
    static func times(_ cli: CLI, _ id: Int) async throws -> (started: Double, ended: Double) {
        let build = try await record(cli, id)
        let started = try #require(build["source_build"]?["started_on"]?.doubleValue, "\(build)")
        let ended = try #require(build["ended_on"]?.doubleValue, "\(build)")
        return (started, ended)
    }

    @Test("a chain of three: B after A, C after B; each starts after its predecessor ended, and says what it waits for until then")
    func chainOfThree() async throws {
        try await Self.withProject("copr-ordering-chain") { cli, directory in
            let first = try await Self.submit(cli, directory, "order-a", build: Self.slowBuild)
            let second = try await Self.submit(cli, directory, "order-b", ["--after-build-id", String(first)])
            let third = try await Self.submit(cli, directory, "order-c", ["--after-build-id", String(second)])

            // The last cannot start before the second ended, which cannot start before the first did.
            let secondBatch = try #require(try await Self.record(cli, second)["batch_id"]?.intValue)
            let shown = try await cli.output(["build", "show", String(third)])
            #expect(shown.contains("srpm-builds: pending: waits for batch \(secondBatch) (build \(second)) to end"), "\(shown)")
            let watched = try await cli.output(["build", "watch", String(third)], timeout: .seconds(240))
            #expect(watched.contains("waits for batch \(secondBatch) (build \(second)) to end"), "\(watched)")
            #expect(watched.hasSuffix("Build \(third) succeeded\n"), "\(watched)")

            let (a, b, c) = (try await Self.times(cli, first), try await Self.times(cli, second), try await Self.times(cli, third))
            #expect(b.started >= a.ended, "B started at \(b.started), A ended at \(a.ended)")
            #expect(c.started >= b.ended, "C started at \(c.started), B ended at \(b.ended)")
            for id in [first, second] { #expect(try await Self.record(cli, id)["state"] == "succeeded") }
        }
    }

    @Test("A fails: B, after it, still runs once A ended")
    func afterFailure() async throws {
        try await Self.withProject("copr-ordering-failure") { cli, directory in
            let failing = try await Self.submit(cli, directory, "order-broken", build: Self.slowBuild + "\nexit 1")
            let next = try await Self.submit(cli, directory, "order-next", ["--after-build-id", String(failing)])
            let watched = try await cli.output(["build", "watch", String(next)], timeout: .seconds(240))
            #expect(watched.hasSuffix("Build \(next) succeeded\n"), "\(watched)")
            #expect(try await Self.record(cli, failing)["state"] == "failed")
            let (a, b) = (try await Self.times(cli, failing), try await Self.times(cli, next))
            #expect(b.started >= a.ended, "B started at \(b.started), A ended at \(a.ended)")
        }
    }

    @Test("copr-cli: build --after-build-id of an uploaded spec waits for its predecessor; --with-build-id of an unknown build prints Copr's refusal")
    func realCoprCLI() async throws {
        try await Self.withProject("copr-ordering-copr-cli") { cli, directory in
            let copr = try CoprClients(accountFile: cli.coprConfigPath)
            func build(_ name: String, script: String = "", _ options: [String] = []) async throws -> ProcessOutput {
                let path = directory.appending("\(name).spec")
                try Self.spec(name, build: script).write(toFile: path, atomically: true, encoding: .utf8)
                return try await copr.cli(["build", "order", path, "--nowait"] + options)
            }
            func id(_ output: ProcessOutput) throws -> Int {
                let last = try #require(output.standardOutput.split(separator: "\n").last, "\(output.standardError)")
                return try #require(Int(last.replacingOccurrences(of: "Created builds: ", with: "")), "\(output.standardOutput)")
            }
            let first = try id(try await build("order-first", script: Self.slowBuild))
            let next = try id(try await build("order-next", ["--after-build-id", String(first)]))
            let refused = try await build("order-refused", ["--with-build-id", "999999"])
            #expect(refused.exit != .exited(0))
            #expect(refused.standardError.contains("Build 999999 doesn't exist"), "\(refused.standardError)")

            let watched = try await cli.output(["build", "watch", String(next)], timeout: .seconds(240))
            #expect(watched.hasSuffix("Build \(next) succeeded\n"), "\(watched)")
            let (a, b) = (try await Self.times(cli, first), try await Self.times(cli, next))
            #expect(b.started >= a.ended, "B started at \(b.started), A ended at \(a.ended)")
            // The refused build left nothing.
            let builds = try JSONValue.decode(Data(try await cli.output(["build", "list", "demo/order", "--json"]).utf8))
            #expect(builds.arrayValue?.count == 2, "\(builds)")
        }
    }
}
