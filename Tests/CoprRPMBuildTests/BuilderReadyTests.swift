import Foundation
import Testing

@Suite("copr-builder-ready and --version")
struct BuilderReadyTests {
    @Test func readyForTheChrootsThisMachineCanBuild() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let native = try await sandbox.run("copr-builder-ready", [Packages.chroot])
        #expect(native.succeeded && native.output.contains("with rpmbuild"), "\(native.output)")
        #expect(try await sandbox.run("copr-builder-ready", ["srpm-builds"]).succeeded)
        let foreign = Packages.hostArch == "s390x" ? "fedora-41-x86_64" : "fedora-41-s390x"
        let other = try await sandbox.run("copr-builder-ready", [foreign])
        #expect(!other.succeeded && other.output.contains("cannot be built on this builder"), "\(other.output)")
        #expect(!(try await sandbox.run("copr-builder-ready", ["fedora/41"])).succeeded)
        #expect(!(try await sandbox.run("copr-builder-ready", ["opensuse-tumbleweed-\(Packages.hostArch)"])).succeeded)
        // The same check as a subcommand.
        #expect(try await Shell.run(BuilderSandbox.binary, ["builder-ready", "--config", sandbox.configPath, Packages.chroot]).succeeded)
    }

    @Test func printsTheVersion() async throws {
        let version = try await Shell.run(BuilderSandbox.binary, ["--version"])
        #expect(version.succeeded && version.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1.6.1")
    }
}
