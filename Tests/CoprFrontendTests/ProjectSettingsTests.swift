import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The rules of project and chroot settings (hostile values refused with the field
/// named, nothing stored), how they are stored, and when a project expires.
@Suite("Embedded frontend: project and chroot settings")
struct ProjectSettingsTests {
    /// Values no setting may take: shell metacharacters, huge values, `..`, options,
    /// control characters.
    static let hostileRepos = [
        "https://example.org/repo;rm -rf /", "https://example.org/$(id)", "https://example.org/`id`", "file:///etc/passwd",
        "https://example.org/../../etc", "copr://alice/../bob", "copr://alice", "copr://al ice/proj", "https://example.org/a\nb",
        "https://example.org/'quoted'", "https://" + String(repeating: "a", count: 3000) + ".org/",
    ]

    @Test("hostile project settings are refused naming the field", arguments: [
        (ProjectSettingsChanges(additionalRepos: hostileRepos), "additional_repos"),
        (ProjectSettingsChanges(runtimeDependencies: ["copr://alice/proj", "http://x.org/a|b"]), "runtime_dependencies"),
        (ProjectSettingsChanges(additionalRepos: Array(repeating: "https://example.org/", count: 51)), "additional_repos"),
        (ProjectSettingsChanges(description: String(repeating: "x", count: 70_000)), "description"),
        (ProjectSettingsChanges(instructions: "line\u{1B}[31m red"), "instructions"),
        (ProjectSettingsChanges(homepage: "javascript:alert(1)"), "homepage"),
        (ProjectSettingsChanges(contact: "nobody"), "contact"),
        (ProjectSettingsChanges(deleteAfterDays: 61), "delete_after_days"),
        (ProjectSettingsChanges(deleteAfterDays: -2), "delete_after_days"),
    ])
    func hostileProjectSettings(changes: ProjectSettingsChanges, field: String) {
        if changes.additionalRepos?.count == Self.hostileRepos.count {
            for repo in Self.hostileRepos {
                #expect(throws: InvalidField.self, "\(repo)") { try ProjectSettingsChanges(additionalRepos: [repo]).checked() }
            }
        }
        let error = #expect(throws: InvalidField.self) { try changes.checked() }
        #expect(error?.field == field)
    }

    @Test("hostile chroot settings are refused naming the field", arguments: [
        (ChrootSettingsChanges(buildrootPackages: ["gcc", "--nodeps"]), "additional_packages"),
        (ChrootSettingsChanges(buildrootPackages: ["a;b"]), "additional_packages"),
        (ChrootSettingsChanges(buildrootPackages: Array(repeating: "gcc", count: 101)), "additional_packages"),
        (ChrootSettingsChanges(withOpts: ["tests", "-D evil"]), "with_opts"),
        (ChrootSettingsChanges(withoutOpts: [".."]), "without_opts"),
        (ChrootSettingsChanges(isolation: "chroot; id"), "isolation"),
        (ChrootSettingsChanges(bootstrap: "always"), "bootstrap"),
        (ChrootSettingsChanges(bootstrapImage: "fedora:41'; import os"), "bootstrap_image"),
        (ChrootSettingsChanges(bootstrapImage: "--privileged"), "bootstrap_image"),
        (ChrootSettingsChanges(additionalRepos: ["https://example.org/$(id)"]), "additional_repos"),
        (ChrootSettingsChanges(reset: ["chroot"]), "reset_fields"),
    ])
    func hostileChrootSettings(changes: ChrootSettingsChanges, field: String) {
        let error = #expect(throws: InvalidField.self) { try changes.checked() }
        #expect(error?.field == field)
    }

    @Test("Copr's forms are accepted: copr:// projects, URLs with variables and a priority, capabilities, images")
    func acceptedValues() throws {
        _ = try ProjectSettingsChanges(
            description: "# Hello\n\nBuilds *hello*.\n", homepage: "https://example.org", contact: "jdoe@example.org",
            additionalRepos: ["copr://@team/base", "https://example.org/$distname/$releasever/$basearch/?priority=5"],
            runtimeDependencies: ["copr://alice/lib", "https://example.org/deps/$chroot/"], enableNet: true, deleteAfterDays: 0
        ).checked()
        _ = try ChrootSettingsChanges(
            additionalRepos: ["copr://alice/lib"], buildrootPackages: ["pkgconfig(zlib)", "/usr/bin/make", "python3-devel"],
            withOpts: ["tests"], withoutOpts: ["docs"], isolation: "nspawn", bootstrap: "on",
            bootstrapImage: "registry.fedoraproject.org/fedora:41", reset: ["with_opts"]
        ).checked()
    }

    @Test("delete_after_days sets the midnight after the last day; days left count down to 0 as Copr's")
    func deadline() {
        let now = 1_700_000_000.0  // 2023-11-14 22:13:20 UTC
        let deadline = ProjectSettings.deadline(days: 3, now: now)
        #expect(deadline == 1_700_265_600)  // 2023-11-18 00:00 UTC
        var settings = ProjectSettings()
        settings.deleteAfter = deadline
        #expect(settings.deleteAfterDays(now: now) == 3)
        #expect(settings.deleteAfterDays(now: 1_700_265_600 - 3600) == 0)
        #expect(settings.deleteAfterDays(now: 1_800_000_000) == 0)
        #expect(ProjectSettings.deadline(days: -1, now: now) == nil)
        #expect(ProjectSettings().deleteAfterDays(now: now) == nil)
    }

    @Test("only projects whose deadline passed are expired, oldest deadline first")
    func expiry() async throws {
        try await withTemporaryDirectory { directory in
            let clock = LockedValue(1_700_000_000.0)
            let store = try FrontendStore(path: directory + "/frontend.sqlite", clock: { clock.value })
            defer { try? store.close() }
            for (name, days) in [("later", 5), ("soon", 1), ("kept", -1)] {
                try await store.createProject(NewProject(
                    owner: "jdoe", name: name, chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(deleteAfterDays: days)))
            }
            try await store.createProject(NewProject(owner: "jdoe", name: "plain", chroots: ["fedora-41-x86_64"]))
            let projects = try await store.projects()
            #expect(ProjectExpiry.expired(projects, now: 1_700_000_000).isEmpty)
            #expect(ProjectExpiry.expired(projects, now: 1_700_179_200).map(\.name) == ["soon"])
            #expect(ProjectExpiry.expired(projects, now: 1_800_000_000).map(\.name) == ["soon", "later"])
        }
    }

    @Test("settings are stored with the project and changed field by field; a refused change stores nothing")
    func stored() async throws {
        try await withTemporaryDirectory { directory in
            let store = try FrontendStore(path: directory + "/frontend.sqlite", clock: { 1_700_000_000 })
            defer { try? store.close() }
            let created = try await store.createProject(NewProject(
                owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64"],
                settings: ProjectSettingsChanges(description: "Hello", additionalRepos: ["copr://alice/lib"], enableNet: true)))
            #expect(created.settings.description == "Hello")
            #expect(created.settings.additionalRepos == ["copr://alice/lib"])
            #expect(created.settings.enableNet)
            #expect(created.settings.deleteAfter == nil)

            let edited = try await store.editProject(owner: "jdoe", name: "hello", changes: ProjectChanges(
                settings: ProjectSettingsChanges(instructions: "dnf copr enable jdoe/hello", homepage: "https://example.org", deleteAfterDays: 2)))
            #expect(edited.settings.description == "Hello", "what is not given is kept")
            #expect(edited.settings.instructions == "dnf copr enable jdoe/hello")
            #expect(edited.settings.homepage == "https://example.org")
            #expect(edited.settings.deleteAfter == 1_700_179_200)

            await #expect(throws: InvalidField.self) {
                try await store.editProject(owner: "jdoe", name: "hello", changes: ProjectChanges(
                    chroots: ["fedora-41-x86_64", "epel-9-x86_64"], settings: ProjectSettingsChanges(additionalRepos: ["https://x.org/;id"])))
            }
            await #expect(throws: InvalidField.self) {
                try await store.createProject(NewProject(
                    owner: "jdoe", name: "bad", chroots: ["fedora-41-x86_64"], settings: ProjectSettingsChanges(contact: "x\u{0}")))
            }
            let kept = try await store.project(owner: "jdoe", name: "hello")
            #expect(kept == edited, "nothing of a refused change is stored")
            #expect((try? await store.project(owner: "jdoe", name: "bad")) == nil)
        }
    }

    @Test("a store written before settings opens with the defaults; its builds take the project's enable_net")
    func olderStore() async throws {
        try await SourceURLTests.withVersion1Store { store in
            let project = try await store.project(owner: "jdoe", name: "hello")
            #expect(project.settings == ProjectSettings())
            #expect(try await store.chrootSettings(owner: "jdoe", name: "hello", chroot: project.chroots[0]).1 == ChrootSettings())
            let builds = try await store.builds(owner: "jdoe", project: "hello")
            #expect(!builds.isEmpty && builds.allSatisfy { $0.build.enableNet == nil })
        }
    }

    @Test("a chroot's settings start at the defaults, change field by field, reset, and are refused for a chroot the project lacks")
    func chrootSettings() async throws {
        try await withTemporaryDirectory { directory in
            let store = try FrontendStore(path: directory + "/frontend.sqlite")
            defer { try? store.close() }
            try await store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64"]))
            #expect(try await store.chrootSettings(owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64").1 == ChrootSettings())

            try await store.editChroot(owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64", changes: ChrootSettingsChanges(
                buildrootPackages: ["gcc"], withOpts: ["tests"], isolation: "simple", bootstrapImage: "fedora:41"))
            let edited = try await store.editChroot(
                owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64",
                changes: ChrootSettingsChanges(additionalRepos: ["copr://alice/lib"], reset: ["with_opts"]))
            #expect(edited.buildrootPackages == ["gcc"])
            #expect(edited.withOpts == [])
            #expect(edited.additionalRepos == ["copr://alice/lib"])
            #expect(edited.isolation == "simple")
            #expect(edited.bootstrap == "custom_image", "an image implies the custom_image bootstrap")
            #expect(edited.bootstrapImage == "fedora:41")
            #expect(try await store.chrootSettings(owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64").1 == edited)

            await #expect(throws: InvalidField.self) {
                try await store.editChroot(
                    owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64", changes: ChrootSettingsChanges(buildrootPackages: ["gcc", "-x"]))
            }
            #expect(try await store.chrootSettings(owner: "jdoe", name: "hello", chroot: "fedora-41-x86_64").1 == edited)
            await #expect(throws: FrontendStoreError.chrootsNotInProject(["epel-9-x86_64"], project: "jdoe/hello")) {
                try await store.editChroot(owner: "jdoe", name: "hello", chroot: "epel-9-x86_64", changes: ChrootSettingsChanges(isolation: "simple"))
            }
        }
    }
}
