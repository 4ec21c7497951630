import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Project and chroot settings through the user API (`copr-backend project create|edit|show`,
/// `chroot show|edit`): the same fields and rules as Copr's API v3.
@Suite("Embedded frontend: the user API on project and chroot settings", .timeLimit(.minutes(3)))
struct UserAPISettingsTests {
    typealias Server = UserAPITestApp

    @Test("projects are created and edited with settings and show them; a hostile value is 400 and stores nothing")
    func projectSettings() async throws {
        try await Server.run { frontend in
            let created = try await frontend.api("POST", "projects", json: [
                "owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64"], "description": "Hello",
                "additional_repos": ["copr://alice/lib"], "enable_net": true, "delete_after_days": 10,
            ])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json?["description"] == "Hello")
            #expect(created.json?["additional_repos"] == ["copr://alice/lib"])
            #expect(created.json?["enable_net"] == true)
            #expect(created.json?["delete_after_days"] == 10)
            #expect(try await frontend.createrepoChroots() == [["fedora-41-x86_64"]])

            let edited = try await frontend.api("PATCH", "projects/jdoe/hello", json: [
                "instructions": "dnf copr enable jdoe/hello", "runtime_dependencies": ["copr://alice/lib"], "delete_after_days": -1,
            ])
            #expect(edited.status == 200, "\(edited.text)")
            #expect(edited.json?["description"] == "Hello")
            #expect(edited.json?["instructions"] == "dnf copr enable jdoe/hello")
            #expect(edited.json?["runtime_dependencies"] == ["copr://alice/lib"])
            #expect(edited.json?["delete_after_days"] == .null)
            #expect(try await frontend.api("GET", "projects/jdoe/hello").json == edited.json)

            let before = try await frontend.store.project(owner: "jdoe", name: "hello")
            for hostile: JSONValue in [["additional_repos": ["https://x.org/`id`"]], ["homepage": "ftp://x.org"], ["enable_net": "on"]] {
                let refused = try await frontend.api("PATCH", "projects/jdoe/hello", json: hostile)
                #expect(refused.status == 400, "\(refused.text)")
            }
            #expect(try await frontend.store.project(owner: "jdoe", name: "hello") == before)
        }
    }

    @Test("a chroot's settings are shown and edited by who may edit the project; unknown chroots are 404")
    func chrootSettings() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await frontend.api("POST", "projects", json: ["owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64"]])
            let shown = try await frontend.api("GET", "projects/jdoe/hello/chroots/fedora-41-x86_64")
            #expect(shown.json == [
                "chroot": "fedora-41-x86_64", "additional_repos": [], "additional_packages": [], "with_opts": [], "without_opts": [],
                "isolation": "unchanged", "bootstrap": "unchanged", "bootstrap_image": .null,
            ], "\(shown.text)")
            let edited = try await frontend.api("PATCH", "projects/jdoe/hello/chroots/fedora-41-x86_64", json: [
                "additional_packages": ["gcc"], "with_opts": ["tests"], "bootstrap": "on",
            ])
            #expect(edited.json?["additional_packages"] == ["gcc"], "\(edited.text)")
            #expect(edited.json?["bootstrap"] == "on")
            let stranger = try await frontend.api(
                "PATCH", "projects/jdoe/hello/chroots/fedora-41-x86_64", json: ["isolation": "nspawn"], as: .token(alice))
            #expect(stranger.status == 403, "\(stranger.text)")
            let hostile = try await frontend.api("PATCH", "projects/jdoe/hello/chroots/fedora-41-x86_64", json: ["with_opts": ["-D evil"]])
            #expect(hostile.status == 400, "\(hostile.text)")
            let nothing = try await frontend.api("PATCH", "projects/jdoe/hello/chroots/fedora-41-x86_64", json: [:])
            #expect(nothing.status == 400, "\(nothing.text)")
            #expect(try await frontend.api("GET", "projects/jdoe/hello/chroots/epel-9-x86_64").status == 404)
            #expect(try await frontend.api("GET", "projects/jdoe/hello/chroots/fedora-41-x86_64").json == edited.json)
        }
    }

    @Test("a new project's empty repositories are not made through a link planted outside the results tree")
    func repositoriesStayInside() async throws {
        try await Server.run { frontend in
            let outside = frontend.destdir + "-outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(frontend.destdir)/evil", withDestinationPath: outside)
            try await frontend.store.addUser("evil")
            let created = try await frontend.api("POST", "projects", json: ["owner": "evil", "name": "hello", "chroots": ["fedora-41-x86_64"]])
            #expect(created.status == 201, "the project is kept; the backend refuses its repository outside destdir")
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        }
    }

    @Test("a submission's enable_net overrides the project's, as JSON and in an upload's query")
    func buildEnableNet() async throws {
        try await Server.run { frontend in
            _ = try await frontend.api("POST", "projects", json: ["owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64"]])
            let submitted = try await frontend.api("POST", "projects/jdoe/hello/builds", json: ["source": Server.srpmURL, "enable_net": true])
            let id = try #require(submitted.json?["id"]?.intValue, "\(submitted.text)")
            #expect(try await frontend.store.build(id: id).build.enableNet == true)
            let uploaded = try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec&enable_net=false")
            let uploadID = try #require(uploaded.json?["id"]?.intValue, "\(uploaded.text)")
            #expect(try await frontend.store.build(id: uploadID).build.enableNet == false)
            let wrong = try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec&enable_net=yes")
            #expect(wrong.status == 400, "\(wrong.text)")
        }
    }
}
