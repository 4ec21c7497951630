import CoprCore
import CoprFrontend
import Foundation
import Testing

/// A project's runtime dependencies in its `.repo` files, as Copr's frontend lists them.
@Suite("Embedded frontend: runtime dependencies in repo files", .timeLimit(.minutes(3)))
struct RuntimeDependencyTests {
    typealias Server = ResultsTestApp

    @Test("the .repo file adds a section per dependency: projects transitively, external URLs, and a comment for a missing project")
    func repoFileSections() async throws {
        try await Server.run { frontend in
            let chroots = ["fedora-41-x86_64"]
            try await frontend.store.createProject(NewProject(
                owner: "@team", name: "base", chroots: chroots, signingEnabled: true,
                settings: ProjectSettingsChanges(runtimeDependencies: ["copr://jdoe/hello"])))
            try await frontend.store.createProject(NewProject(
                owner: "alice", name: "lib", chroots: chroots, settings: ProjectSettingsChanges(runtimeDependencies: ["copr://@team/base"])))
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "hello", chroots: chroots,
                settings: ProjectSettingsChanges(runtimeDependencies: [
                    "copr://alice/lib", "https://example.org/deps/$distname/?priority=3", "copr://nobody/gone",
                ])))
            let answer = try await frontend.get("/coprs/jdoe/hello/repo/fedora-41/jdoe-hello-fedora-41.repo")
            #expect(answer.status == 200)
            #expect(answer.text == """
                [copr:frontend.test:jdoe:hello]
                name=Copr repo for hello owned by jdoe
                baseurl=\(Server.publicURL)/results/jdoe/hello/fedora-41-$basearch/
                type=rpm-md
                skip_if_unavailable=True
                gpgcheck=0
                repo_gpgcheck=0
                enabled=1
                enabled_metadata=1

                [coprdep:frontend.test:alice:lib]
                name=Copr frontend.test/jdoe/hello runtime dependency #1 - alice/lib
                baseurl=\(Server.publicURL)/results/alice/lib/fedora-41-$basearch/
                type=rpm-md
                skip_if_unavailable=True
                gpgcheck=0
                repo_gpgcheck=0
                enabled=1
                enabled_metadata=1

                [coprdep:https_example_org_deps_distname_priority_3]
                name=Copr frontend.test/jdoe/hello external runtime dependency #2 - https_example_org_deps_distname_priority_3
                baseurl=https://example.org/deps/fedora/
                type=rpm-md
                skip_if_unavailable=True
                repo_gpgcheck=0
                gpgcheck=0
                enabled=1
                enabled_metadata=1

                # This repository is configured to have a runtime dependency on a Copr project nobody/gone but that doesn't exist.

                [coprdep:frontend.test:group_team:base]
                name=Copr frontend.test/jdoe/hello runtime dependency #4 - @team/base
                baseurl=\(Server.publicURL)/results/@team/base/fedora-41-$basearch/
                type=rpm-md
                skip_if_unavailable=True
                gpgcheck=1
                gpgkey=\(Server.publicURL)/results/@team/base/pubkey.gpg
                repo_gpgcheck=0
                enabled=1
                enabled_metadata=1

                """)
        }
    }
}
