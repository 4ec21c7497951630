import CoprTestSupport
import Foundation
import Testing

/// The agent builds a PyPI source end to end: it reads a stand-in index on loopback that
/// speaks PyPI's JSON API, downloads and checks the sdist of a tiny real Python project,
/// writes the spec, and the SRPM then builds into a noarch RPM.
@Suite("Integration: PyPI sources on the agent")
struct PyPIBuildTests {
    /// The SRPM task of `name` from PyPI.
    static func task(_ buildID: Int, name: String = "tinypkg", version: String? = "1.0") -> [String: Any] {
        ["build_id": buildID, "task_id": "\(buildID)", "source_type": 5,
         "source_json": ["pypi_package_name": name, "pypi_package_version": version.map { $0 as Any } ?? NSNull(), "spec_generator": "pyp2spec",
                         "spec_template": "", "python_versions": ["3"]],
         "distributions_in_build": ["fedora-41"]]
    }

    static func sourceBuild(_ sandbox: BuilderSandbox, _ task: [String: Any], name: String) async throws -> Shell.Outcome {
        try await sandbox.run(
            "copr-rpmbuild", ["--verbose", "--drop-resultdir", "--srpm", "--task-url", try sandbox.serveTask(name, task)],
            environment: ["COPR_RPMBUILD_PYPI_INDEX_URL": sandbox.server.baseURL + "/index"])
    }

    @Test("a PyPI release becomes python-<name>'s SRPM with the builder's own spec, and a noarch RPM")
    func buildsARelease() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await PyPIIndexFixture.make(in: sandbox.served + "/index", baseURL: sandbox.server.baseURL + "/index")
        let outcome = try await Self.sourceBuild(sandbox, Self.task(31, version: nil), name: "srpm-31")
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(outcome.output.contains("Spec generator: copr-rpmbuild's own, because this builder's index is"), "\(outcome.output)")
        #expect(outcome.output.contains("The SHA-256 of tinypkg-1.0.tar.gz is the index's"), "\(outcome.output)")
        #expect(sandbox.resultFiles().contains("python-tinypkg-1.0-1.src.rpm"), "\(sandbox.resultFiles())")
        let results = try sandbox.resultsJSON()
        #expect(results["name"] as? String == "python-tinypkg" && results["version"] as? String == "1.0")

        let srpm = try Data(contentsOf: URL(fileURLWithPath: sandbox.resultDir + "/python-tinypkg-1.0-1.src.rpm"))
        let srpmURL = try sandbox.serve("srpms/python-tinypkg-1.0-1.src.rpm", srpm)
        let task: [String: Any] = ["build_id": 32, "task_id": "32-\(Packages.chroot)", "chroot": Packages.chroot, "project_owner": "tester",
                                   "project_name": "demo", "timeout": 600, "enable_net": false, "srpm_url": srpmURL]
        let rpm = try await sandbox.build(taskURL: try sandbox.serveTask("rpm-32", task), srpm: false)
        #expect(rpm.succeeded, "\(rpm.output)")
        let files = sandbox.resultFiles()
        let built = try #require(files.first { $0.hasPrefix("python-tinypkg-1.0-1") && $0.hasSuffix(".noarch.rpm") }, "\(files)")
        let listing = try await Shell.run("rpm", ["-qlp", sandbox.resultDir + "/" + built])
        #expect(listing.output.contains("/tinypkg/__init__.py"), "\(listing.output)")
    }

    @Test("an sdist whose SHA-256 is not the index's is refused, and nothing is built")
    func refusesAWrongDigest() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await PyPIIndexFixture.make(
            in: sandbox.served + "/index", baseURL: sandbox.server.baseURL + "/index", digest: String(repeating: "0", count: 64))
        let outcome = try await Self.sourceBuild(sandbox, Self.task(33), name: "srpm-33")
        #expect(!outcome.succeeded)
        #expect(!sandbox.succeeded)
        #expect(outcome.output.contains("the index says \(String(repeating: "0", count: 64))"), "\(outcome.output)")
        #expect(!sandbox.resultFiles().contains { $0.hasSuffix(".src.rpm") })
    }

    @Test("metadata whose sdist URL points into the farm (a link-local metadata service) is refused by the address rule, nothing fetched")
    func refusesAnSdistURLIntoTheFarm() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let metadata: [String: Any] = [
            "info": ["name": "tinypkg", "version": "1.0"],
            "urls": [["packagetype": "sdist", "filename": "tinypkg-1.0.tar.gz", "url": "http://169.254.169.254/latest/tinypkg-1.0.tar.gz",
                      "digests": ["sha256": String(repeating: "a", count: 64)]]],
        ]
        try sandbox.serve("index/pypi/tinypkg/1.0/json", JSONSerialization.data(withJSONObject: metadata))
        let outcome = try await Self.sourceBuild(sandbox, Self.task(36), name: "srpm-36")
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("169.254.0.0/16"), "\(outcome.output)")
        #expect(!sandbox.resultFiles().contains { $0.hasSuffix(".src.rpm") })
    }

    @Test("a hostile PyPI name in source_json is refused before anything is fetched")
    func refusesAHostileName() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let outcome = try await Self.sourceBuild(sandbox, Self.task(35, name: "--index-url=http://evil/;id"), name: "srpm-35")
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("Refusing the task") && outcome.output.contains("pypi_package_name"), "\(outcome.output)")
        #expect(!outcome.output.contains("Reading the metadata"), "\(outcome.output)")
    }

    @Test("a release the index does not have fails the source build naming the URL, without retrying a 404")
    func missingRelease() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await PyPIIndexFixture.make(in: sandbox.served + "/index", baseURL: sandbox.server.baseURL + "/index")
        let outcome = try await Self.sourceBuild(sandbox, Self.task(34, version: "9.9"), name: "srpm-34")
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("/index/pypi/tinypkg/9.9/json") && outcome.output.contains("HTTP status 404"), "\(outcome.output)")
    }
}
