import CoprCore
import CoprFrontend
import Foundation
import Testing

/// What a project's and a chroot's settings put into an RPM task's record, under
/// upstream's names and in upstream's shapes: what the backend and the builder read.
@Suite("Embedded frontend: settings in task records", .timeLimit(.minutes(3)))
struct TaskRecordSettingsTests {
    typealias Server = BackendAPITestApp

    @Test("repos start with copr_base, then the project's and the chroot's repositories, copr:// expanded for the same chroot")
    func repositories() async throws {
        try await Server.run { frontend in
            try await frontend.store.createProject(NewProject(
                owner: "jdoe", name: "hello", chroots: Server.chroots,
                settings: ProjectSettingsChanges(additionalRepos: ["copr://@team/base", "https://example.org/$distname/$chroot/?priority=5"])))
            try await frontend.store.editChroot(
                owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64",
                changes: ChrootSettingsChanges(additionalRepos: ["https://mirror.example.org/extra/"]))
            let id = try await frontend.submit()
            try await frontend.succeedSource(id)
            let record = try #require(try await frontend.get("get-build-task/\(id)-fedora-41-x86_64").json)
            #expect(record["repos"] == [
                [
                    "id": "copr_base", "baseurl": "https://copr.example.org/results/jdoe/hello/fedora-41-x86_64/",
                    "name": "Copr repository", "repo_gpgcheck": false, "priority": .null,
                ],
                [
                    "id": "copr_team_base", "baseurl": "https://copr.example.org/results/@team/base/fedora-41-x86_64/",
                    "name": "Additional repo copr_team_base", "repo_gpgcheck": false,
                ],
                [
                    "id": "https_example_org_distname_chroot_priority_5", "baseurl": "https://example.org/fedora/fedora-41-x86_64/",
                    "name": "Additional repo https_example_org_distname_chroot_priority_5", "priority": 5,
                ],
                [
                    "id": "https_mirror_example_org_extra", "baseurl": "https://mirror.example.org/extra/",
                    "name": "Additional repo https_mirror_example_org_extra",
                ],
            ], "\(Server.text(record["repos"] ?? .null))")
            let other = try #require(try await frontend.get("get-build-task/\(id)-epel-9-aarch64").json)
            #expect(other["repos"]?.arrayValue?.count == 3, "the chroot's own repository is only its")
            #expect(other["repos"]?.arrayValue?[1]["baseurl"] == "https://copr.example.org/results/@team/base/epel-9-aarch64/")
            let source = try #require(try await frontend.get("get-srpm-build-task/\(id)").json)
            #expect(source["repos"] == [])
        }
    }

    @Test("buildroot_pkgs, with_opts, without_opts, isolation, bootstrap and bootstrap_image come from the chroot")
    func chrootSettings() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            try await frontend.store.editChroot(
                owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64",
                changes: ChrootSettingsChanges(
                    buildrootPackages: ["gcc", "pkgconfig(zlib)"], withOpts: ["tests"], withoutOpts: ["docs"], isolation: "nspawn",
                    bootstrapImage: "registry.example.org/fedora:41"))
            let id = try await frontend.submit()
            try await frontend.succeedSource(id)
            let record = try #require(try await frontend.get("get-build-task/\(id)-fedora-41-x86_64").json)
            #expect(record["buildroot_pkgs"] == ["gcc", "pkgconfig(zlib)"])
            #expect(record["with_opts"] == ["tests"])
            #expect(record["without_opts"] == ["docs"])
            #expect(record["isolation"] == "nspawn")
            #expect(record["bootstrap"] == "custom_image")
            #expect(record["bootstrap_image"] == "registry.example.org/fedora:41")
            let plain = try #require(try await frontend.get("get-build-task/\(id)-epel-9-aarch64").json)
            #expect(plain["buildroot_pkgs"] == [])
            #expect(plain["isolation"] == "default")
            #expect(plain["bootstrap"] == "default")
            #expect(plain["bootstrap_image"] == .null)
            // The record stays one the task contract accepts.
            #expect(throws: Never.self) { try TaskRecord(fields: record.objectValue ?? [:]) }
        }
    }

    @Test("enable_net is the project's at submission unless the build says otherwise; off by default")
    func enableNet() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let plain = try await frontend.submit()
            try await frontend.store.editProject(
                owner: "jdoe", name: "hello", changes: ProjectChanges(settings: ProjectSettingsChanges(enableNet: true)))
            let inherits = try await frontend.submit()
            let offline = try await frontend.store.submitBuild(BuildSubmission(
                owner: "jdoe", project: "hello", submitter: "alice", source: .specURL("https://example.org/hello.spec"), enableNet: false)
            ).build.id
            for (id, expected) in [(plain, false), (inherits, true), (offline, false)] {
                try await frontend.succeedSource(id)
                let record = try #require(try await frontend.get("get-build-task/\(id)-fedora-41-x86_64").json)
                #expect(record["enable_net"] == .bool(expected), "build \(id)")
            }
            try await frontend.store.editProject(
                owner: "jdoe", name: "hello", changes: ProjectChanges(settings: ProjectSettingsChanges(enableNet: false)))
            #expect(try await frontend.get("get-build-task/\(inherits)-fedora-41-x86_64").json?["enable_net"] == true, "a submitted build keeps its setting")
        }
    }
}
