import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// `copr-backend run` with its local builder and the local gpg signer, used through our
/// CLI and Copr's own copr-cli: a signed project's key made by the `gen_gpg_key` action
/// its creation queued, a package built, and `copr-cli fork` copying it into a fork whose
/// repository lists it under a new build id, re-signed with the fork's own key.
@Suite("Integration: forks and signing keys", .localBuilderTurns)
struct ForkIntegrationTests {
    static let chroot = EmbeddedDaemonTests.chroot

    @Test("a signed project's key is made at creation; copr-cli fork copies its build under a new id into the fork's repository, re-signed with the fork's key")
    func forkSignedProject() async throws {
        let directory = try TemporaryDirectory("copr-fork")
        defer { directory.remove() }
        let configuration = try Self.signingConfiguration(in: directory)
        let cli = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
        let srpm = try await EmbeddedDaemonTests.exampleSRPM(in: directory)
        let results = directory.appending("results")

        try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
            _ = try await cli.output(["project", "create", "demo/hello", "--chroot", Self.chroot, "--signing"])
            try await waitUntil("the gen_gpg_key action to write demo/hello/pubkey.gpg", timeout: .seconds(120), every: .milliseconds(200)) {
                FileManager.default.fileExists(atPath: "\(results)/demo/hello/pubkey.gpg")
            }
            let submitted = try await cli.output(["build", "submit", "demo/hello", "--srpm", srpm, "--wait"], timeout: .seconds(180))
            let id = try #require(Int(submitted.split(separator: " ").dropFirst().first ?? ""), "\(submitted)")

            let copr = try CoprClients(accountFile: cli.coprConfigPath)
            let forked = try await copr.cliOutput(["fork", "demo/hello", "demo/hello-fork"])
            #expect(forked.hasPrefix("Forking project demo/hello for you into demo/hello-fork."), "\(forked)")
            try await waitUntil("the forked build to succeed", timeout: .seconds(120), every: .milliseconds(500)) {
                try await copr.cliOutput(["list-builds", "demo/hello-fork"]).hasSuffix("\tsucceeded\n")
            }
            let listed = try await copr.cliOutput(["list-builds", "demo/hello-fork"]).split(separator: "\t")
            let forkID = try #require(Int(listed.first ?? ""), "\(listed)")
            #expect(forkID != id && listed.dropFirst().first == "hello-copr", "\(listed)")

            let forkChroot = "\(results)/demo/hello-fork/\(Self.chroot)"
            #expect(try await RepositoryMetadata.packageNames(in: forkChroot).contains("hello-copr"))
            let locations = try await RepositoryMetadata.packageLocations(in: forkChroot)
            #expect(!locations.isEmpty && locations.allSatisfy { $0.hasPrefix(String(format: "%08d-hello-copr/", forkID)) }, "\(locations)")
            #expect(FileManager.default.fileExists(atPath: String(format: "%@/demo/hello-fork/srpm-builds/%08d", results, forkID)))
            try await Self.expectSigned(
                locations.map { "\(forkChroot)/\($0)" }, by: "\(results)/demo/hello-fork/pubkey.gpg", not: "\(results)/demo/hello/pubkey.gpg",
                scratch: directory.appending("rpmdb"))

            let refused = try await copr.cli(["fork", "demo/hello", "demo/hello-fork"])
            #expect(refused.exit != .exited(0))
            #expect(refused.standardError.contains("confirm"), "\(refused.standardError)")
            let again = try await copr.cliOutput(["fork", "--confirm", "demo/hello", "demo/hello-fork"])
            #expect(again.hasPrefix("Updating packages in demo/hello-fork from demo/hello."), "\(again)")
            // Our CLI forks the same way.
            let ours = try await cli.output(["project", "fork", "demo/hello", "demo/hello-copy"])
            #expect(ours.hasPrefix("Forked demo/hello as demo/hello-copy; the daemon copies the results (action "), "\(ours)")
            #expect(ours.contains("(from \(id))"), "\(ours)")
        }
    }

    /// The embedded default on this machine with `do_sign` and the local gpg signer.
    static func signingConfiguration(in directory: TemporaryDirectory) throws -> BackendConfiguration {
        let configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
        let text = try String(contentsOfFile: configuration.path, encoding: .utf8).replacingOccurrences(
            of: "[backend]\n",
            with: "[backend]\ndo_sign = true\nsigner = rpmsign\ngpg_home = \(directory.appending("gnupg"))\nsign_domain = example.org\n")
        try text.write(toFile: configuration.path, atomically: true, encoding: .utf8)
        return try BackendConfiguration.load(path: configuration.path)
    }

    /// Each of `rpms` passes `rpmkeys -K` with only the key in `key` imported, and fails it
    /// with only the key in `other`.
    static func expectSigned(_ rpms: [String], by key: String, not other: String, scratch: String) async throws {
        for (keyFile, expected) in [(key, true), (other, false)] {
            let db = "\(scratch)-\(expected)"
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
            _ = try await TestCommand.output("rpmkeys", ["--dbpath", db, "--import", keyFile])
            for rpm in rpms {
                let check = try await ProcessRunner().capture("rpmkeys", ["--dbpath", db, "-K", rpm], timeout: .seconds(30))
                #expect(check.standardOutput.contains("signatures OK") == expected, "\(rpm) with \(keyFile): \(check.standardOutput)")
            }
        }
    }
}
