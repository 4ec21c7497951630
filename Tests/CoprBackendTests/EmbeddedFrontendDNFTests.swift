import CoprFrontend
import CoprTestSupport
import Foundation
import Testing

/// A real dnf using a project's repository through the embedded frontend's repo files and
/// results tree, over real HTTP.
@Suite("Embedded frontend: dnf reads the served repository", .timeLimit(.minutes(3)))
struct EmbeddedFrontendDNFTests {
    typealias Server = EmbeddedFrontendTestServer

    @Test("dnf adds the served repo file, then finds and downloads the package from the served repository")
    func dnfUsesServedRepository() async throws {
        try await Server.run { frontend in
            let project = try await frontend.createProject(chroots: ["fedora-41-x86_64"])
            let chrootDirectory = frontend.layout.path("jdoe/hello/fedora-41-x86_64")
            let built = try await TestRPMs.build(name: "hello", into: chrootDirectory + "/00000001-hello")
            let rpm = try #require(built.first { $0.hasSuffix(".noarch.rpm") })
            try await TestCommand.output("createrepo_c", [chrootDirectory])

            let dnf = try PrivateDNF(directory: frontend.directory + "/dnf")
            let downloads = frontend.directory + "/downloads"
            let repoFile = RepoFile(project: project, distribution: "fedora-41", host: "127.0.0.1", layout: frontend.layout)
            try await dnf.addRepository(frontend.baseURL + repoFile.path)
            let added = try String(contentsOfFile: dnf.reposDirectory + "/jdoe-hello-fedora-41.repo", encoding: .utf8)
            #expect(added.trimmingCharacters(in: .newlines) == repoFile.text.trimmingCharacters(in: .newlines))

            #expect(try await dnf.query("hello").contains("hello-1.0-1.noarch copr:127.0.0.1:jdoe:hello"))
            try await dnf.download("hello.noarch", to: downloads)
            let downloaded = try Data(contentsOf: URL(fileURLWithPath: downloads + "/hello-1.0-1.noarch.rpm"))
            #expect(downloaded == (try Data(contentsOf: URL(fileURLWithPath: rpm))))
        }
    }
}
