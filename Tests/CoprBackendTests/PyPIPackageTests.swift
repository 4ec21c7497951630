import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// A PyPI package end to end: copr-cli `add-package-pypi` and `build-package` against
/// `copr-backend run`, whose local builder reads a stand-in index speaking PyPI's JSON
/// API, served with a tiny real Python sdist from a network namespace of the test's (the
/// builder refuses loopback and this machine's addresses as sources).
@Suite("Integration: PyPI packages through copr-cli on the local builder", .localBuilderTurns)
struct PyPIPackageTests {
    @Test("add-package-pypi, then build-package: the builder writes the spec and the results hold a noarch python-tinypkg RPM")
    func buildsAPyPIPackage() async throws {
        let directory = try TemporaryDirectory("copr-pypi")
        defer { directory.remove() }
        let world = directory.appending("world")
        try FileManager.default.createDirectory(atPath: world, withIntermediateDirectories: true)
        try await PeerNetworkNamespace.with(serving: world) { peer in
            let index = peer.baseURL + "/index"
            try await PyPIIndexFixture.make(in: world + "/index", baseURL: index)
            var configuration = try EmbeddedDaemonTests.localConfiguration(in: directory)
            // The local builder's agent reads the stand-in: its pypi_index_url, set for the
            // command that starts each build.
            try "\n[builder]\nstart_command = COPR_RPMBUILD_PYPI_INDEX_URL=\(index) copr-rpmbuild --verbose --drop-resultdir\n"
                .append(toFile: directory.appending("copr-be.conf"))
            configuration = try BackendConfiguration.load(path: directory.appending("copr-be.conf"))
            let demo = try await EmbeddedDaemonTests.CLI.withAccount(configurationPath: configuration.path)
            try await EmbeddedDaemonTests.withDaemon(configuration) { _ in
                let copr = try CoprClients(accountFile: demo.coprConfigPath)
                _ = try await copr.cliOutput(["create", "py", "--chroot", EmbeddedDaemonTests.chroot])
                let added = try await copr.cliOutput([
                    "add-package-pypi", "py", "--name", "python-tinypkg", "--packagename", "tinypkg", "--packageversion", "1.0",
                ])
                #expect(added == "Create or edit operation was successful.\n")
                let built = try await copr.cliOutput(["build-package", "py", "--name", "python-tinypkg", "--nowait"])
                let id = try #require(
                    built.split(separator: "\n").last.flatMap { Int($0.replacingOccurrences(of: "Created builds: ", with: "")) }, "\(built)")
                try await waitUntil("build \(id) to end", timeout: .seconds(240), every: .seconds(1)) {
                    ["succeeded\n", "failed\n"].contains(try await copr.cliOutput(["status", String(id)]))
                }
                let results = directory.appending("results")
                let files = (FileManager.default.enumerator(atPath: results)?.allObjects as? [String]) ?? []
                #expect(try await copr.cliOutput(["status", String(id)]) == "succeeded\n", "\(files)")
                #expect(files.contains { $0.hasSuffix("/python-tinypkg-1.0-1.src.rpm") }, "\(files)")
                #expect(files.contains { ($0 as NSString).lastPathComponent.hasPrefix("python-tinypkg-1.0-1") && $0.hasSuffix(".noarch.rpm") }, "\(files)")
                let log = try await demo.output(["logs", String(id), "srpm-builds"])
                #expect(log.contains("Spec generator: copr-rpmbuild's own"), "\(log)")
                let shown = try JSONValue.parse(try await copr.cliOutput(["get-package", "py", "--name", "python-tinypkg"]))
                #expect(shown["source_type"] == "pypi" && shown["source_dict"]?["pypi_package_version"] == "1.0", "\(shown)")
            }
        }
    }
}

extension String {
    /// Appends the text to the file at `path`.
    func append(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}
