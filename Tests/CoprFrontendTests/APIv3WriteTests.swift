import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The writes of Copr's API v3 with the bodies copr-cli 2.6 and python-copr 2.7 send:
/// `auth-check`, projects created, edited and deleted, builds submitted from URLs and
/// git, cancelled and deleted, options this frontend cannot honour refused by name, and
/// refused tokens answered 401 in Copr's `{"error": ...}`. Who may do each write is
/// ``PermissionMatrixTests``'s.
@Suite("Embedded frontend: Copr's API v3, writes", .timeLimit(.minutes(3)))
struct APIv3WriteTests {
    typealias Server = UserAPITestApp

    /// What copr-cli 2.6 `create NAME --chroot fedora-41-x86_64` sends: every option at its default.
    static let createBody: JSONValue = [
        "name": "proj", "chroots": ["fedora-41-x86_64"], "description": .null, "instructions": .null, "homepage": .null,
        "contact": .null, "additional_repos": .null, "unlisted_on_hp": .null, "enable_net": false, "persistent": false,
        "auto_prune": true, "bootstrap": "default", "bootstrap_image": .null, "isolation": "default",
        "follow_fedora_branching": true, "devel_mode": .null, "delete_after_days": .null, "multilib": false,
        "module_hotfixes": false, "fedora_review": false, "appstream": false, "runtime_dependencies": .null,
        "packit_forge_projects_allowed": .null, "repo_priority": .null, "storage": .null,
    ]

    @Test("auth-check answers the token's user with its number and name; anonymous, wrong and revoked tokens are 401 saying why")
    func authCheck() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            #expect(try await frontend.v3("GET", "auth-check", as: .token(alice)).json == ["id": 2, "name": "alice"])
            let bob = try await frontend.user("bob")
            #expect(try await frontend.v3("GET", "auth-check", as: .token(bob)).json == ["id": 3, "name": "bob"])
            let anonymous = try await frontend.v3("GET", "auth-check", as: .anonymous)
            #expect(anonymous.status == 401)
            #expect(anonymous.json?["error"]?.stringValue?.contains("Login invalid or missing") == true)
            let wrong = try await frontend.v3("GET", "auth-check", as: .token(APIToken(id: alice.id, secret: "guessed", expiresOn: 0)))
            #expect(wrong.status == 401)
            #expect(wrong.json?["error"]?.stringValue?.hasPrefix("Wrong API token") == true)
            try await frontend.store.revokeTokens(of: "alice")
            // A refused token is refused on reads too, so that it is never taken for anonymous.
            let revoked = try await frontend.v3("GET", "project/list", as: .token(alice))
            #expect(revoked.status == 401)
            #expect(revoked.json?["error"]?.stringValue?.hasPrefix("API token was revoked") == true)
        }
    }

    @Test("create with copr-cli's defaults, modify the chroots, delete: each answers the project as Copr does")
    func projects() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            let created = try await frontend.v3("POST", "project/add/alice?ownername=alice&exist_ok=False", json: Self.createBody, as: .token(alice))
            #expect(created.status == 200, "\(created.text)")
            #expect(created.json?["full_name"] == "alice/proj")
            #expect(created.json?["chroot_repos"]?.objectValue?.keys.sorted() == ["fedora-41-x86_64"])
            let again = try await frontend.v3("POST", "project/add/alice?exist_ok=True", json: Self.createBody, as: .token(alice))
            #expect(again.json?["id"] == created.json?["id"])
            let duplicate = try await frontend.v3("POST", "project/add/alice", json: Self.createBody, as: .token(alice))
            #expect(duplicate.status == 409 || duplicate.status == 400, "\(duplicate.text)")

            let edited = try await frontend.v3(
                "PUT", "project/edit/alice/proj", json: ["chroots": ["fedora-41-x86_64", "epel-9-x86_64"], "repos": .null, "bootstrap": "default"],
                as: .token(alice))
            #expect(edited.json?["chroot_repos"]?.objectValue?.keys.sorted() == ["epel-9-x86_64", "fedora-41-x86_64"], "\(edited.text)")
            #expect(try await frontend.store.project(owner: "alice", name: "proj").chroots == ["fedora-41-x86_64", "epel-9-x86_64"])

            let deleted = try await frontend.v3("DELETE", "project/delete/alice/proj", json: ["verify": true], as: .token(alice))
            #expect(deleted.json?["name"] == "proj")
            #expect((try? await frontend.store.project(owner: "alice", name: "proj")) == nil)
        }
    }

    @Test("a new project and an added chroot get an empty repository; regenerate-repos regenerates each")
    func regenerateRepositories() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await frontend.v3("POST", "project/add/alice", json: Self.createBody, as: .token(alice))
            _ = try await frontend.v3("PUT", "project/edit/alice/proj", json: ["chroots": ["fedora-41-x86_64", "epel-9-x86_64"]], as: .token(alice))
            let built = "\(frontend.destdir)/alice/proj/fedora-41-x86_64"
            try FileManager.default.createDirectory(atPath: built, withIntermediateDirectories: true)

            let regenerated = try await frontend.v3("PUT", "project/regenerate-repos/alice/proj", as: .token(alice))
            #expect(regenerated.status == 200, "\(regenerated.text)")
            #expect(regenerated.json?["full_name"] == "alice/proj")
            // Builds install from the project's repository: it is asked for from the start
            // (one waiting createrepo covers the chroot added before it ran).
            #expect(try await frontend.createrepoChroots() == [["fedora-41-x86_64"], ["fedora-41-x86_64", "epel-9-x86_64"]])
            let unknown = try await frontend.v3("PUT", "project/regenerate-repos/alice/none", as: .token(alice))
            #expect(unknown.status == 404, "\(unknown.text)")
        }
    }

    @Test("an option the frontend cannot keep is refused naming copr-cli's option, and nothing is created")
    func unsupportedProjectOptions() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            let cases: [(String, JSONValue, String)] = [
                ("unlisted_on_hp", true, "--unlisted-on-hp"),
                ("isolation", "nspawn", "--isolation"),
                ("module_hotfixes", true, "--module-hotfixes"),
                ("repo_priority", 5, "--repo-priority"),
            ]
            for (field, value, option) in cases {
                var body = Self.createBody.objectValue!
                body[field] = value
                let refused = try await frontend.v3("POST", "project/add/alice", json: .object(body), as: .token(alice))
                #expect(refused.status == 400)
                #expect(refused.json?["error"]?.stringValue?.hasPrefix("Bad request parameters: \(option) (\(field)") == true, "\(refused.text)")
            }
            let noChroots = try await frontend.v3("POST", "project/add/alice", json: ["name": "proj", "chroots": .null], as: .token(alice))
            #expect(noChroots.status == 400)
            #expect(noChroots.json?["error"]?.stringValue?.contains("copr-cli create --chroot") == true, "\(noChroots.text)")
            #expect(try await frontend.store.projects().isEmpty)
        }
    }

    @Test("builds from URLs and git with copr-cli's options, then cancel, delete and delete/list")
    func builds() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let options: [String: JSONValue] = [
                "ownername": "alice", "projectname": "proj", "project_dirname": "proj", "timeout": "100",
                "chroots": .null, "exclude_chroots": ["epel-9-aarch64"], "background": true, "isolation": "unchanged",
            ]
            let check = try await frontend.v3("POST", "build/check-before-build", json: .object(options), as: .token(alice))
            #expect(check.json == ["message": "It should be safe to submit a build like this"], "\(check.text)")

            var url = options
            url["pkgs"] = ["https://example.org/hello-1.0-1.src.rpm"]
            let fromURL = try await frontend.v3("POST", "build/create/url", json: .object(url), as: .token(alice))
            let build = try #require(fromURL.json?["items"]?.arrayValue?.first, "\(fromURL.text)")
            #expect(build["chroots"] == ["fedora-41-x86_64"])
            #expect(build["submitter"] == "alice")
            #expect(build["is_background"] == true)
            let id = try #require(build["id"]?.intValue)
            #expect(try await frontend.store.build(id: id).build.timeout == 100)

            var scm = options
            scm.merge(["clone_url": "https://example.org/hello.git", "committish": "", "subdirectory": "", "spec": "",
                       "scm_type": "git", "source_build_method": "rpkg"]) { $1 }
            let fromGit = try await frontend.v3("POST", "build/create/scm", json: .object(scm), as: .token(alice))
            let gitID = try #require(fromGit.json?["id"]?.intValue, "\(fromGit.text)")
            #expect(try await frontend.store.build(id: gitID).build.source == .git(cloneURL: "https://example.org/hello.git", committish: "", subdirectory: ""))
            // buildscm --spec: the spec of a repository that has several.
            scm["spec"] = "rpm/hello.spec"
            let withSpec = try await frontend.v3("POST", "build/create/scm", json: .object(scm), as: .token(alice))
            let specID = try #require(withSpec.json?["id"]?.intValue, "\(withSpec.text)")
            #expect(try await frontend.store.build(id: specID).build.source
                == .git(cloneURL: "https://example.org/hello.git", committish: "", subdirectory: "", spec: "rpm/hello.spec"))

            let canceled = try await frontend.v3("PUT", "build/cancel/\(id)", as: .token(alice))
            #expect(canceled.json?["state"] == "canceled", "\(canceled.text)")
            let deleted = try await frontend.v3("DELETE", "build/delete/\(id)", as: .token(alice))
            #expect(deleted.json?["id"] == .int(id))
            #expect(try await frontend.v3("DELETE", "build/delete/list", json: ["builds": [.int(gitID)]], as: .token(alice)).status == 409)
            _ = try await frontend.v3("PUT", "build/cancel/\(gitID)", as: .token(alice))
            _ = try await frontend.v3("PUT", "build/cancel/\(specID)", as: .token(alice))
            let list = try await frontend.v3("DELETE", "build/delete/list", json: ["builds": [.int(gitID), .int(specID)]], as: .token(alice))
            #expect(list.json == ["builds": [.int(gitID), .int(specID)]], "\(list.text)")
            #expect(try await frontend.store.builds(owner: "alice", project: "proj").isEmpty)
        }
    }

    @Test("delete/list deletes all listed builds or, when one may not go, none; their uploads go and one action removes their results")
    func deleteList() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), sam = try await frontend.user("sam")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let fields: JSONValue = ["ownername": "alice", "projectname": "proj"]
            let uploaded = try await frontend.v3Upload(Data("RPM".utf8), fileName: "hello-1.0-1.src.rpm", fields: fields, as: .token(alice))
            let first = try #require(uploaded.json?["id"]?.intValue, "\(uploaded.text)")
            let number = String(format: "%08d", first)
            _ = try await frontend.store.applyUpdates([
                TaskReport(task: .source(buildID: first), status: .succeeded, resultDir: number),
                TaskReport(task: .rpm(buildID: first, chroot: "fedora-41-x86_64"), status: .succeeded, resultDir: "\(number)-hello"),
            ])
            try frontend.makeResultDirectory("alice/proj/srpm-builds/\(number)")
            try frontend.makeResultDirectory("alice/proj/fedora-41-x86_64/\(number)-hello")
            _ = try await frontend.v3("PUT", "build/cancel/\(first)", as: .token(alice))
            let url: JSONValue = ["ownername": "alice", "projectname": "proj", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"]]
            let second = try #require(try await frontend.v3("POST", "build/create/url", json: url, as: .token(alice)).json?["items"]?.arrayValue?.first?["id"]?.intValue)

            let refusals: [(TestRequester, [Int], Int)] = [(.token(alice), [first, second], 409), (.token(sam), [first], 403), (.token(alice), [first, 4242], 404)]
            for (requester, ids, status) in refusals {
                let refused = try await frontend.v3("DELETE", "build/delete/list", json: ["builds": .array(ids.map(JSONValue.int))], as: requester)
                #expect(refused.status == status, "\(ids): \(refused.text)")
                #expect(try await frontend.store.builds(owner: "alice", project: "proj").count == 2)
                #expect(frontend.exists("alice/proj/srpm-builds/\(number)"))
                #expect(frontend.uploadedFiles().count == 1)
            }
            _ = try await frontend.v3("PUT", "build/cancel/\(second)", as: .token(alice))
            let deleted = try await frontend.v3("POST", "build/delete/list", json: ["builds": [.int(first), .int(second)]], as: .token(alice))
            #expect(deleted.json == ["builds": [.int(first), .int(second)]], "\(deleted.text)")
            #expect(try await frontend.store.builds(owner: "alice", project: "proj").isEmpty)
            let removal = try #require(try await frontend.queuedActions(.delete, objectType: "builds").first)
            #expect(removal["build_ids"] == [.int(first), .int(second)])
            #expect(removal["project_dirnames"]?["proj"]?["srpm-builds"]?.arrayValue?.contains(.string(number)) == true, "\(removal)")
            #expect(frontend.uploadedFiles().isEmpty)

            // A delete of several builds queues one action for the backend.
            let third = try #require(try await frontend.v3("POST", "build/create/url", json: url, as: .token(alice)).json?["items"]?.arrayValue?.first?["id"]?.intValue)
            let thirdDirectory = String(format: "alice/proj/fedora-41-x86_64/%08d-hello", third)
            _ = try await frontend.store.applyUpdates([
                TaskReport(task: .source(buildID: third), status: .succeeded, resultDir: String(format: "%08d", third)),
                TaskReport(task: .rpm(buildID: third, chroot: "fedora-41-x86_64"), status: .succeeded, resultDir: String(format: "%08d-hello", third)),
            ])
            _ = try await frontend.v3("PUT", "build/cancel/\(third)", as: .token(alice))
            try frontend.makeResultDirectory(thirdDirectory)
            let reported = try await frontend.v3("DELETE", "build/delete/list", json: ["builds": [.int(third)]], as: .token(alice))
            #expect(reported.status == 200, "\(reported.text)")
            #expect(try await frontend.store.builds(owner: "alice", project: "proj").isEmpty)
            #expect(try await frontend.queuedActions(.delete).last?["project_dirnames"]?["proj"]?["fedora-41-x86_64"] == [.string(String(format: "%08d-hello", third))])
        }
    }

    @Test("build options and SCM methods this frontend does not serve are refused by name, and nothing is submitted")
    func unsupportedBuildOptions() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let base: [String: JSONValue] = ["ownername": "alice", "projectname": "proj", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"]]
            let cases: [(String, [String: JSONValue], String)] = [
                ("build/create/url", ["bootstrap": "on"], "--bootstrap"),
                ("build/create/url", ["timeout": "soon"], "timeout"),
                ("build/check-before-build", ["chroots": ["fedora-40-x86_64"]], "fedora-40-x86_64"),
                ("build/create/scm", ["clone_url": "https://example.org/a.git", "source_build_method": "make_srpm"], "--method 'make_srpm'"),
                ("build/create/scm", ["clone_url": "https://example.org/a.git", "scm_type": "svn"], "--type 'svn'"),
            ]
            for (path, extra, named) in cases {
                var body = base.merging(extra) { $1 }
                if !path.hasSuffix("url") { body["pkgs"] = nil }
                let refused = try await frontend.v3("POST", path, json: .object(body), as: .token(alice))
                #expect(refused.status == 400, "\(refused.text)")
                #expect(refused.json?["error"]?.stringValue?.contains(named) == true, "\(refused.text)")
            }
            let upload = try await frontend.v3("POST", "build/create/upload", json: .object(base), as: .token(alice))
            #expect(upload.status == 400)
            #expect(upload.json?["error"]?.stringValue?.contains("multipart/form-data") == true, "\(upload.text)")
            #expect(try await frontend.store.builds(owner: "alice", project: "proj").isEmpty)
        }
    }

    @Test("an upload as python-copr sends it is stored and built; a stranger's, an anonymous, a too large, a badly named and a broken one leave nothing")
    func upload() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), sam = try await frontend.user("sam")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            let fields: JSONValue = [
                "ownername": "alice", "projectname": "proj", "project_dirname": "proj", "timeout": .null, "chroots": ["epel-9-aarch64"],
                "background": false, "isolation": "unchanged",
            ]
            // A file that holds what looks like a boundary, but not the request's.
            let contents = Data("RPM\r\n--other\r\n".utf8) + Data(repeating: 7, count: 20_000)
            let built = try await frontend.v3Upload(contents, fileName: "hello-1.0-1.src.rpm", fields: fields, as: .token(alice))
            #expect(built.json?["chroots"] == ["epel-9-aarch64"], "\(built.text)")
            #expect(built.json?["submitter"] == "alice")
            let stored = try #require(frontend.uploadedFiles().first)
            #expect(stored.hasSuffix("/hello-1.0-1.src.rpm"))
            #expect(FileManager.default.contents(atPath: "\(frontend.uploadDirectory)/\(stored)") == contents)

            let refusals: [(TestRequester, Data, String, Int, String)] = [
                (.token(sam), contents, "hello-1.0-1.src.rpm", 403, "User sam may not submit builds to project alice/proj"),
                (.anonymous, contents, "hello-1.0-1.src.rpm", 401, "Login invalid or missing"),
                (.token(alice), Data(repeating: 1, count: Server.maximumUploadSize + 1), "big.src.rpm", 413, "larger than the limit"),
                (.token(alice), contents, "../evil.src.rpm", 400, "Invalid filename"),
            ]
            for (requester, data, name, status, message) in refusals {
                let refused = try await frontend.v3Upload(data, fileName: name, fields: fields, as: requester)
                #expect(refused.status == status, "\(refused.text)")
                #expect(refused.json?["error"]?.stringValue?.contains(message) == true, "\(refused.text)")
            }
            let broken = try await frontend.v3Upload(contents, fileName: "hello-1.0-1.src.rpm", fields: fields, closed: false, as: .token(alice))
            #expect(broken.status == 400)
            #expect(broken.json?["error"]?.stringValue?.contains("it ends before its closing boundary") == true, "\(broken.text)")
            #expect(frontend.uploadedFiles() == [stored])
            #expect(try await frontend.store.builds(owner: "alice", project: "proj").count == 1)
        }
    }
}
