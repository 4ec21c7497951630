import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Copr's API v3 for projects and chroots, answered in process: the shapes copr-cli and
/// python-copr read, Copr's pagination and its error format.
@Suite("Embedded frontend: Copr's API v3, projects", .timeLimit(.minutes(3)))
struct APIv3ProjectTests {
    typealias Server = ResultsTestApp

    @Test("a project has Copr's fields, its chroots' repositories and Copr's defaults for what this frontend lacks")
    func project() async throws {
        try await Server.run { frontend in
            let created = try await frontend.store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64", "epel-9-aarch64"]))
            let answer = try await frontend.get("/api_3/project?ownername=jdoe&projectname=hello")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            let project = try #require(answer.json)
            #expect(project["id"] == .int(created.id))
            #expect(project["name"] == "hello")
            #expect(project["projectname"] == "hello")
            #expect(project["ownername"] == "jdoe")
            #expect(project["full_name"] == "jdoe/hello")
            #expect(project["chroot_repos"] == [
                "fedora-41-x86_64": "http://frontend.test:5007/results/jdoe/hello/fedora-41-x86_64/",
                "epel-9-aarch64": "http://frontend.test:5007/results/jdoe/hello/epel-9-aarch64/",
            ])
            #expect(project["additional_repos"] == [])
            #expect(project["description"] == "")
            #expect(project["enable_net"] == false)
            #expect(project["storage"] == "backend")
            // Copr's own spelling, with the trailing slash, is the same endpoint.
            #expect(try await frontend.get("/api_3/project/?ownername=jdoe&projectname=hello").json == project)
            // Group owners keep their @, encoded or not.
            try await frontend.store.createProject(NewProject(owner: "@team", name: "tools", chroots: ["fedora-41-x86_64"]))
            let group = try await frontend.get("/api_3/project?ownername=%40team&projectname=tools")
            #expect(group.json?["full_name"] == "@team/tools")
            #expect(group.json?["chroot_repos"]?["fedora-41-x86_64"] == "http://frontend.test:5007/results/@team/tools/fedora-41-x86_64/")
        }
    }

    @Test("unknown projects are 404 and malformed or missing parameters 400, each as Copr's {\"error\": ...}")
    func projectRefusals() async throws {
        try await Server.run { frontend in
            let cases: [(uri: String, status: Int, message: String)] = [
                ("/api_3/project?ownername=jdoe&projectname=nothing", 404, "Project jdoe/nothing does not exist"),
                ("/api_3/project?ownername=jdoe", 400, "Missing argument projectname"),
                ("/api_3/project?ownername=..&projectname=hello", 400, "Invalid ownername"),
                ("/api_3/project?ownername=jdoe&projectname=a/../b", 400, "Invalid projectname"),
                ("/api_3/project-chroot?ownername=jdoe&projectname=nothing&chrootname=fedora-41-x86_64", 404, "does not exist"),
                ("/api_3/rpmrepo/jdoe/nothing/fedora-41/", 404, "Project jdoe/nothing does not exist"),
            ]
            try await frontend.expectRefusals(cases)
        }
    }

    @Test("project/list pages an owner's projects with items and meta: newest first, clamped limits, an empty page past the end")
    func projectList() async throws {
        try await Server.run { frontend in
            for name in ["alpha", "beta", "gamma"] {
                try await frontend.store.createProject(NewProject(owner: "jdoe", name: name, chroots: ["fedora-41-x86_64"]))
            }
            try await frontend.store.createProject(NewProject(owner: "alice", name: "other", chroots: ["fedora-41-x86_64"]))

            let all = try #require(try await frontend.get("/api_3/project/list?ownername=jdoe").json)
            #expect(all["items"]?.arrayValue?.map { $0["name"]?.stringValue } == ["gamma", "beta", "alpha"])
            #expect(all["meta"] == ["limit": 1000, "offset": 0, "order": "id", "order_type": "DESC"])

            let page = try #require(try await frontend.get("/api_3/project/list?ownername=jdoe&limit=2&offset=1&order=name&order_type=ASC").json)
            #expect(page["items"]?.arrayValue?.map { $0["name"]?.stringValue } == ["beta", "gamma"])
            #expect(page["meta"] == ["limit": 2, "offset": 1, "order": "name", "order_type": "ASC"])
            let past = try await frontend.get("/api_3/project/list?ownername=jdoe&offset=3&limit=2")
            #expect(past.json?["items"] == [])
            let huge = try await frontend.get("/api_3/project/list?limit=999999999")
            #expect(huge.json?["meta"]?["limit"] == 1000)
            #expect(huge.json?["items"]?.arrayValue?.count == 4)
            #expect(try await frontend.get("/api_3/project/list?ownername=nobody").json?["items"] == [])

            let search = try await frontend.get("/api_3/project/search?query=GAM")
            #expect(search.json?["items"]?.arrayValue?.map { $0["full_name"]?.stringValue } == ["jdoe/gamma"])

            for query in ["limit=-1", "limit=ten", "offset=1e3", "order=submitter", "order_type=sideways", "limit=99999999999999999999"] {
                let refused = try await frontend.get("/api_3/project/list?\(query)")
                #expect(refused.status == 400, "\(query)")
                #expect(refused.json?["error"]?.stringValue?.isEmpty == false, "\(query): \(refused.text)")
            }
        }
    }

    @Test("project-chroot has Copr's settings of a chroot; mock-chroots/list names the chroots the projects use")
    func chroots() async throws {
        try await Server.run { frontend in
            try await frontend.store.createProject(NewProject(owner: "jdoe", name: "hello", chroots: ["fedora-41-x86_64", "epel-9-aarch64"]))
            try await frontend.store.createProject(NewProject(owner: "alice", name: "zlib", chroots: ["fedora-41-x86_64", "fedora-rawhide-s390x"]))
            let chroot = try await frontend.get("/api_3/project-chroot?ownername=jdoe&projectname=hello&chrootname=epel-9-aarch64")
            #expect(chroot.status == 200)
            #expect(chroot.json?["mock_chroot"] == "epel-9-aarch64")
            #expect(chroot.json?["ownername"] == "jdoe")
            #expect(chroot.json?["projectname"] == "hello")
            #expect(chroot.json?["additional_packages"] == [])
            #expect(chroot.json?["with_opts"] == [])

            let missing = try await frontend.get("/api_3/project-chroot?ownername=jdoe&projectname=hello&chrootname=fedora-40-x86_64")
            #expect(missing.status == 404)
            #expect(missing.json?["error"] == "Chroot fedora-40-x86_64 does not exist in jdoe/hello; it has fedora-41-x86_64, epel-9-aarch64")
            let malformed = try await frontend.get("/api_3/project-chroot?ownername=jdoe&projectname=hello&chrootname=../x")
            #expect(malformed.status == 400)

            let mockChroots = try await frontend.get("/api_3/mock-chroots/list")
            #expect(mockChroots.json == ["fedora-41-x86_64": "", "epel-9-aarch64": "", "fedora-rawhide-s390x": ""])
        }
    }

    @Test("rpmrepo answers dnf5's copr plugin the project's distributions, architectures, directory and results URL")
    func rpmRepo() async throws {
        try await Server.run { frontend in
            try await frontend.store.createProject(NewProject(
                owner: "@team", name: "hello", chroots: ["fedora-41-x86_64", "fedora-41-aarch64", "epel-9-x86_64"]))
            let answer = try await frontend.get("/api_3/rpmrepo/@team/hello/fedora-41/")
            #expect(answer.status == 200)
            #expect(answer.json == [
                "results_url": "http://frontend.test:5007/results",
                "repos": [
                    "fedora-41": ["arch": ["x86_64": ["opts": [:]], "aarch64": ["opts": [:]]]],
                    "epel-9": ["arch": ["x86_64": ["opts": [:]]]],
                ],
                "directories": ["hello": [:]],
                "dependencies": [],
            ])
            #expect(try await frontend.get("/api_3/rpmrepo/%40team/hello/fedora-41").json == answer.json)
        }
    }

    @Test("the API answers its version; unknown endpoints are 404 and writes it does not serve 501 saying so, in Copr's format")
    func versionUnknownAndWrites() async throws {
        try await Server.run { frontend in
            #expect(try await frontend.get("/api_3/").json == ["version": 3])
            let unknown = try await frontend.get("/api_3/webhook/nothing")
            #expect(unknown.status == 404)
            #expect(unknown.json == ["error": "Such API endpoint doesn't exist"])
            let writes: [(String, String)] = [
                ("POST", "/api_3/build/create/custom"), ("POST", "/api_3/build/create/distgit"), ("POST", "/api_3/build/create/rubygems"),
            ]
            for (method, path) in writes {
                let answer = try await frontend.request(method, path)
                #expect(answer.status == 501, "\(method) \(path)")
                #expect(answer.json?["error"]?.stringValue?.contains("This Copr API v3 does not serve this write") == true, "\(answer.text)")
            }
            #expect(try await frontend.store.projects().isEmpty)
        }
    }
}
