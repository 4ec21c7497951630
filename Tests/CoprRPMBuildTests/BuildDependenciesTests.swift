import CoprTestSupport
import Foundation
import Testing

/// An rpmbuild build (no mock) gets the BuildRequires its task's repositories provide:
/// a real repository made by createrepo_c, real dnf, real rpmbuild.
@Suite("Integration: BuildRequires from the task's repositories without mock")
struct BuildDependenciesTests {
    /// Package A: ships a data file that B's build reads.
    static let specA = dataSpec(name: "deptest-a")

    /// A package `name` that ships A's data file; `requires` are its Requires.
    static func dataSpec(name: String, requires: String = "", ships: Bool = true) -> String {
        """
        Name: \(name)
        Version: 1.0
        Release: 1
        Summary: Ships a data file
        License: MIT
        BuildArch: noarch
        \(requires)
        %description
        Ships a data file.
        %install
        mkdir -p %{buildroot}/usr/share/deptest-a
        \(ships ? "echo hello-from-a > %{buildroot}/usr/share/deptest-a/data.txt" : "")
        %files
        \(ships ? "/usr/share/deptest-a/data.txt" : "")
        """
    }

    /// Package B: its build copies A's file; `extra` adds BuildRequires.
    static func specB(extra: String = "") -> String {
        """
        Name: deptest-b
        Version: 1.0
        Release: 1
        Summary: Builds from A
        License: MIT
        BuildArch: noarch
        BuildRequires: deptest-a >= 1.0
        \(extra)
        %description
        Builds from A.
        %build
        cp /usr/share/deptest-a/data.txt from-a.txt
        %install
        mkdir -p %{buildroot}/usr/share/deptest-b
        cp from-a.txt %{buildroot}/usr/share/deptest-b/
        %files
        /usr/share/deptest-b/from-a.txt
        """
    }

    /// A repository served at `<base>/repo/` holding A's binary RPM, as the project's own;
    /// or, with `split`, an A that ships nothing but requires deptest-a-lib, which requires
    /// deptest-a-data, which ships the file.
    private func serveRepositoryWithA(_ sandbox: BuilderSandbox, split: Bool = false) async throws -> String {
        let directory = sandbox.root + "/make-a"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let specs = split
            ? [Self.dataSpec(name: "deptest-a", requires: "Requires: deptest-a-lib\nRequires: /bin/sh", ships: false),
               Self.dataSpec(name: "deptest-a-lib", requires: "Requires: deptest-a-data", ships: false),
               Self.dataSpec(name: "deptest-a-data")]
            : [Self.specA]
        for (index, spec) in specs.enumerated() {
            try spec.write(toFile: directory + "/a\(index).spec", atomically: true, encoding: .utf8)
            try await Shell.must("rpmbuild", ["-bb", directory + "/a\(index).spec", "--define", "_topdir \(directory)/top",
                                              "--define", "_dbpath \(directory)/db", "--define", "_rpmdir \(sandbox.served)/repo"])
        }
        try await Shell.must("createrepo_c", ["-q", sandbox.served + "/repo"])
        return sandbox.server.baseURL + "/repo/"
    }

    private func buildB(_ sandbox: BuilderSandbox, buildID: Int, spec: String, repo: String,
                        enableNet: Bool = false) async throws -> Shell.Outcome {
        let srpm = try await Packages.makeSRPM(spec: spec, files: [:], in: sandbox.root + "/make-\(buildID)")
        let srpmURL = try sandbox.serve("pkgs/\(buildID)/deptest-b-1.0-1.src.rpm", Data(contentsOf: URL(fileURLWithPath: srpm)))
        let task: [String: Any] = ["build_id": buildID, "task_id": "\(buildID)-\(Packages.chroot)", "chroot": Packages.chroot,
                                   "project_owner": "tester", "project_name": "demo", "timeout": 600, "enable_net": enableNet,
                                   "srpm_url": srpmURL, "repos": [["id": "copr_base", "baseurl": repo, "name": "Copr repository"]]]
        return try await sandbox.build(taskURL: try sandbox.serveTask("rpm-\(buildID)", task), srpm: false)
    }

    @Test("B builds with the file A ships, and its log names nothing unresolved")
    func resolvedFromTheProjectRepository() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let outcome = try await buildB(sandbox, buildID: 31, spec: Self.specB(), repo: try await serveRepositoryWithA(sandbox))
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles().contains("deptest-b-1.0-1.noarch.rpm"), "\(sandbox.resultFiles())")
        #expect(outcome.output.contains("BuildRequires from the task's repositories: deptest-a >= 1.0"), "\(outcome.output)")
        #expect(!outcome.output.contains("not provided by the task's repositories"))
        #expect(!FileManager.default.fileExists(atPath: "/usr/share/deptest-a"), "nothing is installed into the system")
    }

    @Test("what A needs comes from the same repository, recursively: B reads the file of the package A's library requires")
    func neededFromTheSameRepository() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let outcome = try await buildB(sandbox, buildID: 35, spec: Self.specB(), repo: try await serveRepositoryWithA(sandbox, split: true))
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles().contains("deptest-b-1.0-1.noarch.rpm"), "\(sandbox.resultFiles())")
        #expect(outcome.output.contains("needed by the BuildRequires' packages from the same repositories: deptest-a-"), "\(outcome.output)")
        #expect(outcome.output.contains("deptest-a-data-1.0-1.noarch.rpm"), "\(outcome.output)")
        // /bin/sh, which no repository provides, is left to the host without a word.
        #expect(!outcome.output.contains("not provided by the task's repositories"), "\(outcome.output)")
    }

    @Test("with enable_net the dependencies are shown inside the build's private network too")
    func withThePrivateNetwork() async throws {
        let sandbox = try await BuilderSandbox.make(extraConfig: "private_build_network = true\nrequire_network_isolation = true")
        defer { sandbox.tearDown() }
        let outcome = try await buildB(sandbox, buildID: 34, spec: Self.specB(), repo: try await serveRepositoryWithA(sandbox),
                                       enableNet: true)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(outcome.output.contains("The build runs in a network of its own"), "\(outcome.output)")
        #expect(sandbox.resultFiles().contains("deptest-b-1.0-1.noarch.rpm"), "\(sandbox.resultFiles())")
    }

    @Test("a BuildRequire no repository provides is named unresolved, and rpmbuild --nodeps builds on")
    func unresolvedIsNamed() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let outcome = try await buildB(sandbox, buildID: 32, spec: Self.specB(extra: "BuildRequires: deptest-nowhere"),
                                       repo: try await serveRepositoryWithA(sandbox))
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(outcome.output.contains("BuildRequires not provided by the task's repositories (rpmbuild builds with --nodeps, relying on this host for them): deptest-nowhere"),
                "\(outcome.output)")
    }

    @Test("without the repository B's build cannot read A's file and fails, naming A unresolved")
    func withoutTheRepositoryTheBuildFails() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let outcome = try await buildB(sandbox, buildID: 33, spec: Self.specB(), repo: sandbox.server.baseURL + "/missing/")
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("Repository copr_base (0) cannot be read"), "\(outcome.output)")
        #expect(outcome.output.contains("relying on this host for them): deptest-a >= 1.0"), "\(outcome.output)")
    }
}
