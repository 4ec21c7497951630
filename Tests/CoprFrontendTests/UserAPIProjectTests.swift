import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The user API's project edits and deletion, the chroots it offers, resubmission, the
/// refusal of signing without a signer and of specs with local sources, and the queue
/// places the daemon gives waiting tasks; answered in process.
@Suite("Embedded frontend: editing, deleting, resubmitting", .timeLimit(.minutes(3)))
struct UserAPIProjectTests {
    typealias Server = UserAPITestApp

    @Test("a project's chroots and signing are edited; a body that changes nothing or names a bad chroot is refused")
    func editProject() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let edited = try await frontend.api("PATCH", "projects/jdoe/hello", json: ["chroots": ["fedora-42-x86_64"], "signing": true])
            #expect(edited.status == 200, "\(edited.text)")
            #expect(edited.json?["chroots"] == ["fedora-42-x86_64"])
            #expect(edited.json?["signing"] == true)
            #expect(try await frontend.api("GET", "projects/jdoe/hello").json == edited.json)

            let nothing = try await frontend.api("PATCH", "projects/jdoe/hello", json: [:])
            #expect(nothing.status == 400)
            #expect(nothing.json?["error"]?.stringValue?.contains("changes nothing") == true)
            #expect(try await frontend.api("PATCH", "projects/jdoe/hello", json: ["chroots": ["nope"]]).status == 400)
            #expect(try await frontend.api("PATCH", "projects/jdoe/nothing", json: ["signing": false]).status == 404)
        }
    }

    @Test("signing is refused on create and edit when the deployment has no signer, saying so")
    func signingWithoutSigner() async throws {
        try await Server.run(signerConfigured: false) { frontend in
            let created = try await frontend.api("POST", "projects", json: ["owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64"], "signing": true])
            #expect(created.status == 400)
            #expect(created.json?["error"]?.stringValue?.contains("no signer") == true, "\(created.text)")
            #expect(try await frontend.api("GET", "projects").json == [])
            try await frontend.createProject()
            let edited = try await frontend.api("PATCH", "projects/jdoe/hello", json: ["signing": true])
            #expect(edited.status == 400)
            #expect(try await frontend.api("GET", "projects/jdoe/hello").json?["signing"] == false)
        }
    }

    @Test("delete is refused while a build has not ended, then removes the project, its builds, results and uploads")
    func deleteProject() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            try await frontend.createProject(name: "other")
            let id = try #require(try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec").json?["id"]?.intValue)
            try frontend.makeResultDirectory("jdoe/hello/srpm-builds/\(String(format: "%08d", id))")
            try frontend.makeResultDirectory("jdoe/other/fedora-41-x86_64")

            let refused = try await frontend.api("DELETE", "projects/jdoe/hello")
            #expect(refused.status == 409)
            #expect(refused.json?["error"]?.stringValue?.contains("have not ended (\(id))") == true, "\(refused.text)")
            #expect(frontend.exists("jdoe/hello"))

            _ = try await frontend.api("POST", "builds/\(id)/cancel")
            let deleted = try await frontend.api("DELETE", "projects/jdoe/hello")
            #expect(deleted.status == 200)
            #expect(deleted.json == ["deleted": "jdoe/hello"])
            #expect(try await frontend.queuedActions(.delete, objectType: "copr").map { $0["project_dirnames"] } == [["hello"]])
            #expect(frontend.exists("jdoe/other/fedora-41-x86_64"))
            #expect(frontend.uploadedFiles().isEmpty)
            #expect(try await frontend.api("GET", "projects/jdoe/hello").status == 404)
            #expect(try await frontend.api("GET", "builds/\(id)").status == 404)
            #expect(try await frontend.api("DELETE", "projects/jdoe/hello").status == 404)
        }
    }

    @Test("chroots lists the form, the architectures and the chroots projects use")
    func chroots() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let answer = try await frontend.api("GET", "chroots")
            #expect(answer.status == 200)
            #expect(answer.json?["form"] == "<distribution>-<version>-<architecture>")
            #expect(answer.json?["architectures"]?.arrayValue?.contains("x86_64") == true)
            #expect(answer.json?["in_use"] == ["epel-9-aarch64", "fedora-41-x86_64"])
        }
    }

    @Test("resubmit makes a new build of the same source and chroots; an upload is copied for it")
    func resubmit() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let first = try await frontend.submit(Server.srpmURL, options: ["chroots": ["fedora-41-x86_64"], "background": true])
            let firstID = try #require(first["id"]?.intValue)
            let again = try await frontend.api("POST", "builds/\(firstID)/resubmit")
            #expect(again.status == 201)
            let second = try #require(again.json)
            #expect(second["id"]?.intValue == firstID + 1)
            #expect(second["source"] == first["source"])
            #expect(second["chroots"]?.arrayValue?.map { $0["name"] } == ["fedora-41-x86_64"])

            let upload = try #require(try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec").json)
            let copied = try #require(try await frontend.api("POST", "builds/\(upload["id"]?.intValue ?? 0)/resubmit").json)
            let copiedURL = try #require(copied["source"]?["url"]?.stringValue)
            #expect(copiedURL != upload["source"]?["url"]?.stringValue)
            #expect(try await frontend.follow(copiedURL).text == "Name: hello\n")
            #expect(frontend.uploadedFiles().count == 2)
            #expect(try await frontend.api("POST", "builds/4242/resubmit").status == 404)
        }
    }

    @Test("an uploaded spec whose source is a local file is refused and not kept; sources by URL, macros included, pass")
    func specWithLocalSources() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let local = "Name: hello\nVersion: 1.0\nSource0: %{name}-%{version}.tar.gz\nPatch1: fix.patch\n"
            let refused = try await frontend.upload(Data(local.utf8), query: "filename=hello.spec")
            #expect(refused.status == 400)
            let message = refused.json?["error"]?.stringValue ?? ""
            #expect(message.contains("'%{name}-%{version}.tar.gz', 'fix.patch' are local files"), "\(message)")
            #expect(message.contains("must be URLs"))
            #expect(frontend.uploadedFiles().isEmpty)
            #expect(try await frontend.api("GET", "builds").json == [])

            let remote = """
                %global forgeurl https://example.org/hello
                Name: hello
                Version: 1.0
                URL: %{forgeurl}
                Source0: %{url}/archive/v%{version}.tar.gz
                Source1: %{?unknown_macro}
                """
            #expect(try await frontend.upload(Data(remote.utf8), query: "filename=hello.spec").status == 201)
        }
    }

    @Test("a waiting task carries its queue position and reason from the daemon; other tasks carry nulls")
    func queuePlaces() async throws {
        let reporter = FixedQueue(places: [TaskID.source(buildID: 1): QueuePlace(position: 2, waitingFor: "a free builder")])
        try await Server.run(queue: reporter) { frontend in
            try await frontend.createProject()
            _ = try await frontend.submit(Server.srpmURL)
            let build = try #require(try await frontend.api("GET", "builds/1").json)
            #expect(build["source_build"]?["queue_position"] == 2)
            #expect(build["source_build"]?["waiting_for"] == "a free builder")
            #expect(build["chroots"]?.arrayValue?.first?["queue_position"] == .null)
            #expect(build["chroots"]?.arrayValue?.first?["waiting_for"] == .null)
        }
    }

    struct FixedQueue: QueueReporter {
        let places: [TaskID: QueuePlace]
        func places(of tasks: [TaskID]) async -> [TaskID: QueuePlace] { places.filter { tasks.contains($0.key) } }
    }
}
