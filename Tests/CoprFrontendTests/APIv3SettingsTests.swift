import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Project and chroot settings through Copr's API v3, with the bodies copr-cli 2.6 sends
/// for `create`, `modify`, `edit-chroot` and `get-chroot`, and the answers it reads.
@Suite("Embedded frontend: Copr's API v3, project and chroot settings", .timeLimit(.minutes(3)))
struct APIv3SettingsTests {
    typealias Server = UserAPITestApp

    /// copr-cli `modify alice/proj --description … --repo copr://alice/lib --enable-net off --delete-after-days 3
    /// --runtime-repo-dependency … --runtime-repo-dependency …` (the days as text).
    static let modifyBody: JSONValue = [
        "chroots": .null, "description": "Now described", "instructions": .null, "homepage": .null, "contact": .null,
        "repos": ["copr://alice/lib"], "unlisted_on_hp": .null, "enable_net": false, "auto_prune": .null, "bootstrap": .null,
        "isolation": .null, "follow_fedora_branching": .null, "bootstrap_image": .null, "devel_mode": .null,
        "delete_after_days": "3", "multilib": .null, "module_hotfixes": .null, "fedora_review": .null, "appstream": .null,
        "runtime_dependencies": ["copr://alice/lib", "https://example.org/deps/$chroot/"], "packit_forge_projects_allowed": .null,
        "repo_priority": .null,
    ]

    /// copr-cli `edit-chroot alice/proj/fedora-41-x86_64 --packages "gcc make" --repos "…" --rpmbuild-with tests
    /// --rpmbuild-with docs --isolation simple --bootstrap on`: lists as space-separated text.
    static let editChrootBody: JSONValue = [
        "additional_repos": "https://example.org/extra/$chroot/ copr://alice/lib", "additional_packages": "gcc make",
        "additional_modules": .null, "delete_comps": false, "with_opts": "tests docs", "without_opts": .null,
        "bootstrap": "on", "bootstrap_image": .null, "isolation": "simple", "reset_fields": .null,
    ]

    @Test("create with --description --repo --enable-net and modify store them; get answers them in Copr's shape")
    func createAndModify() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            var create = APIv3WriteTests.createBody.objectValue!
            create["description"] = "A project"
            create["additional_repos"] = ["https://example.org/repo/$releasever/", "copr://alice/lib"]
            create["enable_net"] = true
            let created = try await frontend.v3("POST", "project/add/alice", json: .object(create), as: .token(alice))
            #expect(created.status == 200, "\(created.text)")
            #expect(created.json?["description"] == "A project")
            #expect(created.json?["additional_repos"] == ["https://example.org/repo/$releasever/", "copr://alice/lib"])
            #expect(created.json?["enable_net"] == true)
            #expect(created.json?["delete_after_days"] == .null)

            let modified = try await frontend.v3("PUT", "project/edit/alice/proj", json: Self.modifyBody, as: .token(alice))
            #expect(modified.status == 200, "\(modified.text)")
            let project = try await frontend.store.project(owner: "alice", name: "proj")
            #expect(project.settings.description == "Now described")
            #expect(project.settings.additionalRepos == ["copr://alice/lib"])
            #expect(project.settings.runtimeDependencies == ["copr://alice/lib", "https://example.org/deps/$chroot/"])
            #expect(!project.settings.enableNet)
            #expect(project.settings.deleteAfter != nil)

            let read = try await frontend.v3("GET", "project?ownername=alice&projectname=proj", as: .anonymous)
            #expect(read.json?["description"] == "Now described")
            #expect(read.json?["additional_repos"] == ["copr://alice/lib"])
            #expect(read.json?["enable_net"] == false)
            #expect(read.json?["delete_after_days"] == 3, "\(read.text)")
            let listed = try await frontend.v3("GET", "project/list?ownername=alice", as: .anonymous)
            #expect(listed.json?["items"]?.arrayValue?.first?["description"] == "Now described")
        }
    }

    static let hostileValues: [(String, JSONValue)] = [
        ("description", .string(String(repeating: "x", count: 70_000))),
        ("additional_repos", ["https://example.org/$(reboot)"]),
        ("repos", ["copr://alice/../../etc"]),
        ("runtime_dependencies", "https://example.org/a;id"),
        ("delete_after_days", "1000"),
        ("delete_after_days", "soon"),
        ("enable_net", "yes"),
    ]

    @Test("hostile settings are refused 400 naming the field, and nothing is stored", arguments: hostileValues)
    func hostile(field: String, value: JSONValue) async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await frontend.v3("POST", "project/add/alice", json: APIv3WriteTests.createBody, as: .token(alice))
            let before = try await frontend.store.project(owner: "alice", name: "proj")
            var body = Self.modifyBody.objectValue!
            body[field] = value
            body["chroots"] = ["fedora-41-x86_64", "epel-9-x86_64"]
            let refused = try await frontend.v3("PUT", "project/edit/alice/proj", json: .object(body), as: .token(alice))
            #expect(refused.status == 400, "\(refused.text)")
            let named = field == "repos" ? "additional_repos" : field
            #expect(refused.json?["error"]?.stringValue?.contains(named) == true, "\(refused.text)")
            #expect(try await frontend.store.project(owner: "alice", name: "proj") == before)
        }
    }

    @Test("edit-chroot's multipart body is stored; get-chroot answers the settings; a stranger is refused; unknown chroots are 404")
    func editChroot() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            let bob = try await frontend.user("bob")
            _ = try await frontend.v3("POST", "project/add/alice", json: APIv3WriteTests.createBody, as: .token(alice))
            let path = "project-chroot/edit/alice/proj/fedora-41-x86_64"

            let edited = try await frontend.v3Form("PUT", path, fields: Self.editChrootBody, as: .token(alice))
            #expect(edited.status == 200, "\(edited.text)")
            let read = try await frontend.v3("GET", "project-chroot?ownername=alice&projectname=proj&chrootname=fedora-41-x86_64", as: .anonymous)
            let chroot = try #require(read.json)
            #expect(chroot["mock_chroot"] == "fedora-41-x86_64")
            #expect(chroot["additional_repos"] == ["https://example.org/extra/$chroot/", "copr://alice/lib"])
            #expect(chroot["additional_packages"] == ["gcc", "make"])
            #expect(chroot["with_opts"] == ["tests", "docs"])
            #expect(chroot["without_opts"] == [])
            #expect(chroot["isolation"] == "simple")
            #expect(chroot["bootstrap"] == "on")
            #expect(edited.json == read.json)

            let reset = try await frontend.v3Form(
                "PUT", path, fields: ["bootstrap_image": "registry.example.org/fedora:41", "bootstrap": "custom_image", "reset_fields": ["with_opts"]],
                as: .token(alice))
            #expect(reset.json?["with_opts"] == [], "\(reset.text)")
            #expect(reset.json?["bootstrap_image"] == "registry.example.org/fedora:41")
            #expect(reset.json?["additional_packages"] == ["gcc", "make"], "what is not given is kept")

            let stranger = try await frontend.v3Form("PUT", path, fields: ["isolation": "nspawn"], as: .token(bob))
            #expect(stranger.status == 403, "\(stranger.text)")
            let hostile = try await frontend.v3Form("PUT", path, fields: ["additional_packages": "gcc --nodeps"], as: .token(alice))
            #expect(hostile.status == 400, "\(hostile.text)")
            #expect(hostile.json?["error"]?.stringValue?.contains("additional_packages") == true)
            let modules = try await frontend.v3Form("PUT", path, fields: ["additional_modules": "nodejs:20"], as: .token(alice))
            #expect(modules.json?["error"]?.stringValue?.contains("--modules") == true, "\(modules.text)")
            let unknown = try await frontend.v3Form("PUT", "project-chroot/edit/alice/proj/epel-9-x86_64", fields: ["isolation": "nspawn"], as: .token(alice))
            #expect(unknown.status == 404, "\(unknown.text)")
            let after = try await frontend.store.chrootSettings(owner: "alice", name: "proj", chroot: "fedora-41-x86_64").1
            #expect(after.isolation == "simple", "nothing of a refused edit is stored")
        }
    }

    @Test("a malformed edit-chroot body, or one with comps, is 400 saying why, and nothing is stored")
    func malformedForm() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await frontend.v3("POST", "project/add/alice", json: APIv3WriteTests.createBody, as: .token(alice))
            let path = "project-chroot/edit/alice/proj/fedora-41-x86_64"
            let boundary = Server.formBoundary
            let json = "Content-Disposition: form-data; name=\"json\"; filename=\"json\"\r\n\r\n{\"isolation\": \"simple\"}\r\n"
            let cases: [(String, String)] = [
                ("--\(boundary)\r\n\(json)", "closing boundary"),
                ("--\(boundary)\r\n\(json)--\(boundary)\r\nContent-Disposition: form-data; name=\"upload_comps\"; filename=\"comps.xml\"\r\n\r\n<comps/>\r\n--\(boundary)--\r\n", "--upload-comps"),
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{not json\r\n--\(boundary)--\r\n", "not valid JSON"),
                ("--\(boundary)--\r\n", "no part \"json\""),
            ]
            for (body, reason) in cases {
                let refused = try await frontend.v3Form("PUT", path, body: Data(body.utf8), as: .token(alice))
                #expect(refused.status == 400, "\(reason): \(refused.text)")
                #expect(refused.json?["error"]?.stringValue?.contains(reason) == true, "\(refused.text)")
            }
            #expect(try await frontend.store.chrootSettings(owner: "alice", name: "proj", chroot: "fedora-41-x86_64").1 == ChrootSettings())
        }
    }

    @Test("build create's enable_net overrides the project's setting for that build")
    func buildEnableNet() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await frontend.v3("POST", "project/add/alice", json: APIv3WriteTests.createBody, as: .token(alice))
            let body: JSONValue = [
                "ownername": "alice", "projectname": "proj", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"], "enable_net": true,
            ]
            let created = try await frontend.v3("POST", "build/create/url", json: body, as: .token(alice))
            #expect(created.status == 200, "\(created.text)")
            let id = try #require(created.json?["items"]?.arrayValue?.first?["id"]?.intValue, "\(created.text)")
            #expect(try await frontend.store.build(id: id).build.enableNet == true)
        }
    }
}
