import CoprCore
@testable import CoprRPMBuild
import Foundation
import Testing

/// What an rpmbuild build asks of the task's repositories and how it shows the answer to
/// the build, decided without I/O.
@Suite("Builder: BuildRequires from the task's repositories without mock")
struct BuildDependencyPlanTests {
    static let plan = BuildDependencyPlan(
        repos: [["id": "copr_base", "baseurl": "http://127.0.0.1:5000/results/u/p/fedora-41-x86_64/"],
                ["id": "extra", "baseurl": "https://mirror.example.org/repo"],
                ["id": "odd", "baseurl": "ftp://old.example.org/"], ["id": "none"]],
        srpmURL: "http://127.0.0.1:5000/results/u/p/srpm-builds/00000001/a-1.0-1.src.rpm", directory: "/w/task-2/builddeps")

    @Test("rpmlib() requirements and duplicates are left out")
    func requirements() {
        let output = "a >= 1.0\nrpmlib(CompressedFileNames) <= 3.0.4-1\npkgconfig(zlib)\n\na >= 1.0\n/usr/bin/python3\n"
        #expect(BuildDependencyPlan.requirements(output) == ["a >= 1.0", "pkgconfig(zlib)", "/usr/bin/python3"])
    }

    @Test("at most maximumQueries requirements are asked about, and none without a repository")
    func boundedQueries() {
        #expect(Self.plan.asks(requirement: 0) && Self.plan.asks(requirement: BuildDependencyPlan.maximumQueries - 1))
        #expect(!Self.plan.asks(requirement: BuildDependencyPlan.maximumQueries))
        #expect(!BuildDependencyPlan(repositories: [], directory: "/w").asks(requirement: 0))
    }

    @Test("the project's repository (the SRPM's origin) may be on the farm's addresses; other repositories may not")
    func addressRules() {
        #expect(Self.plan.repositories.map(\.id) == ["copr_base", "extra"])
        #expect(Self.plan.repositories.map(\.check) == [.afterFirstHop, .everyHop])
        #expect(Self.plan.repositories[0].baseurl == "http://127.0.0.1:5000/results/u/p/fedora-41-x86_64")
        let other = BuildDependencyPlan(repos: [["id": "copr_base", "baseurl": "http://127.0.0.1:5001/r/"]],
                                        srpmURL: "http://127.0.0.1:5000/a.src.rpm", directory: "/w")
        #expect(other.repositories.map(\.check) == [.everyHop])
    }

    @Test("dnf reads only the local metadata copies, in a root and cache of the build's own")
    func query() {
        let command = Self.plan.query("a >= 1.0")
        #expect(command.prefix(3) == ["dnf", "-q", "repoquery"])
        #expect(command.contains("--disablerepo=*") && command.contains("--setopt=reposdir=/dev/null"))
        #expect(command.contains("--repofrompath=0,file:///w/task-2/builddeps/repos/0"))
        #expect(command.contains("--repofrompath=1,file:///w/task-2/builddeps/repos/1"))
        #expect(command.contains("--setopt=cachedir=/w/task-2/builddeps/dnf/cache"))
        #expect(command.last == "--whatprovides=a >= 1.0")
        #expect(!command.contains { $0.hasPrefix("--repofrompath") && $0.contains("http") })
    }

    @Test("a provider is a known repository and a safe package path; the first repository wins")
    func provider() {
        #expect(Self.plan.provider("1 a-2.0-1.noarch.rpm\n0 Packages/a-1.0-1.noarch.rpm\n")
            == .init(repository: 0, location: "Packages/a-1.0-1.noarch.rpm"))
        #expect(Self.plan.provider("") == nil)
        for hostile in ["0 ../../etc/passwd.rpm", "0 /etc/a.rpm", "0 http://evil/a.rpm", "7 a.rpm", "0 a.txt", "0 a/./b.rpm"] {
            #expect(Self.plan.provider(hostile) == nil, "\(hostile)")
        }
        #expect(Self.plan.url(of: .init(repository: 1, location: "x/a.rpm")) == "https://mirror.example.org/repo/x/a.rpm")
        #expect(Self.plan.file(of: .init(repository: 1, location: "x/a.rpm")) == "/w/task-2/builddeps/packages/1-x_a.rpm")
    }

    @Test("resolution lists what stayed unresolved and each package once")
    func resolution() {
        let package = BuildDependencyPlan.Package(repository: 0, location: "a-1.rpm")
        let resolution = BuildDependencyPlan.resolution([("a", package), ("a-devel", nil), ("/usr/share/a/data.txt", package)])
        #expect(resolution.packages == [package])
        #expect(resolution.resolved == ["a", "/usr/share/a/data.txt"])
        #expect(resolution.unresolved == ["a-devel"])
    }

    @Test("what the resolved packages need is asked of the same local copies, recursively, and added each once up to the limit")
    func needed() {
        let command = Self.plan.neededQuery(["a >= 1.0", "b"])
        #expect(Array(command.suffix(5)) == ["--requires", "--resolve", "--recursive", "--whatprovides=a >= 1.0", "--whatprovides=b"])
        #expect(command.contains("--repofrompath=0,file:///w/task-2/builddeps/repos/0"))
        #expect(Self.plan.packages("0 a-lib-1.rpm\n0 ../x.rpm\n1 b-data-1.rpm\n")
            == [.init(repository: 0, location: "a-lib-1.rpm"), .init(repository: 1, location: "b-data-1.rpm")])

        let a = BuildDependencyPlan.Package(repository: 0, location: "a-1.rpm")
        var resolution = BuildDependencyPlan.resolution([("a", a)])
        let lib = BuildDependencyPlan.Package(repository: 0, location: "a-lib-1.rpm")
        #expect(BuildDependencyPlan.adding(needed: [lib, a, lib], to: &resolution) == 0)
        #expect(resolution.packages == [a, lib])
        #expect(resolution.needed == [lib])
        let many = (0..<BuildDependencyPlan.maximumPackages).map { BuildDependencyPlan.Package(repository: 1, location: "p\($0).rpm") }
        #expect(BuildDependencyPlan.adding(needed: many, to: &resolution) == 2)
        #expect(resolution.packages.count == BuildDependencyPlan.maximumPackages)
    }

    @Test("only primary and filelists metadata under repodata/ are mirrored")
    func metadata() throws {
        let repomd = """
            <repomd><data type="primary">
              <checksum type="sha256">1</checksum><open-checksum type="sha256">2</open-checksum>
              <location xml:base="x" href="repodata/1-primary.xml.gz"/></data>
            <data type="filelists"><location href="repodata/2-filelists.xml.gz"/></data>
            <data type="other"><location href="repodata/3-other.xml.gz"/></data></repomd>
            """
        #expect(try BuildDependencyPlan.metadataFiles(repomd: repomd) == ["repodata/1-primary.xml.gz", "repodata/2-filelists.xml.gz"])
        #expect(throws: CoprRPMBuildError.self) {
            try BuildDependencyPlan.metadataFiles(repomd: #"<data type="primary"><location href="repodata/../../x"/></data>"#)
        }
        #expect(throws: CoprRPMBuildError.self) { try BuildDependencyPlan.metadataFiles(repomd: "<repomd/>") }
    }

    @Test("the overlay prefix mounts the private /usr first and drops back to the build's ids")
    func overlay() throws {
        let prefix = try #require(Self.plan.overlayPrefix(uid: 1000, gid: 100))
        #expect(prefix.prefix(4) == ["unshare", "--map-root-user", "--mount", "--"])
        #expect(prefix.contains("/w/task-2/builddeps/root"))
        #expect(prefix.suffix(5) == ["unshare", "--user", "--map-user=1000", "--map-group=100", "--"])
        #expect(BuildDependencyPlan(repositories: [], directory: "/w/a:b").overlayPrefix(uid: 0, gid: 0) == nil)
    }
}
