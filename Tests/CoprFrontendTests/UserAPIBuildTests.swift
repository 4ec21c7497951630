import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The embedded frontend's user API (docs/USER-API.md), answered in process: following a
/// build as the backend reports it, cancelling and deleting it, with the statuses, bodies
/// and effects a user sees.
@Suite("Embedded frontend: the user API on builds", .timeLimit(.minutes(3)))
struct UserAPIBuildTests {
    typealias Server = UserAPITestApp

    @Test("show has the per-chroot states, times and result URLs the backend reported; lists are oldest first")
    func showAfterBackendReports() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            try await frontend.createProject(name: "other", chroots: ["fedora-41-x86_64"])
            let id = try #require(try await frontend.submit(Server.srpmURL)["id"]?.intValue)
            let store = frontend.store
            #expect(try await store.startingBuild(TaskReport(task: .source(buildID: id), status: .starting, startedOn: 1_764_650_001)))
            _ = try await store.applyUpdates([
                TaskReport(task: .source(buildID: id), status: .succeeded, startedOn: 1_764_650_001, endedOn: 1_764_650_060,
                           resultDir: String(format: "%08d", id), packageName: "hello", packageVersion: "1.0-1",
                           srpmURL: "https://example.org/hello-1.0-1.src.rpm"),
                TaskReport(task: .rpm(buildID: id, chroot: "fedora-41-x86_64"), status: .running, startedOn: 1_764_650_100,
                           resultDir: String(format: "%08d-hello", id)),
                TaskReport(task: .rpm(buildID: id, chroot: "epel-9-aarch64"), status: .failed, startedOn: 1_764_650_100,
                           endedOn: 1_764_650_200, resultDir: String(format: "%08d-hello", id)),
            ])
            let number = String(format: "%08d", id)
            let response = try await frontend.api("GET", "builds/\(id)")
            #expect(response.status == 200)
            let build = try #require(response.json)
            #expect(build["state"] == "running")
            #expect(build["package_name"] == "hello")
            #expect(build["package_version"] == "1.0-1")
            #expect(build["started_on"] == 1_764_650_001)
            #expect(build["ended_on"] == .null)
            #expect(build["source_build"] == [
                "state": "succeeded", "started_on": 1_764_650_001, "ended_on": 1_764_650_060,
                "result_url": .string("\(Server.publicURL)/results/jdoe/hello/srpm-builds/\(number)/"),
                "queue_position": nil, "waiting_for": nil,
            ])
            #expect(build["chroots"] == [
                ["name": "epel-9-aarch64", "state": "failed", "started_on": 1_764_650_100, "ended_on": 1_764_650_200,
                 "result_url": .string("\(Server.publicURL)/results/jdoe/hello/epel-9-aarch64/\(number)-hello/"),
                 "queue_position": nil, "waiting_for": nil],
                ["name": "fedora-41-x86_64", "state": "running", "started_on": 1_764_650_100, "ended_on": nil,
                 "result_url": .string("\(Server.publicURL)/results/jdoe/hello/fedora-41-x86_64/\(number)-hello/"),
                 "queue_position": nil, "waiting_for": nil],
            ])

            _ = try await store.applyUpdates([
                TaskReport(task: .rpm(buildID: id, chroot: "fedora-41-x86_64"), status: .succeeded, endedOn: 1_764_650_300),
            ])
            let ended = try #require(try await frontend.api("GET", "builds/\(id)").json)
            #expect(ended["state"] == "failed")
            #expect(ended["ended_on"] == 1_764_650_300)

            let second = try await frontend.submit(Server.srpmURL)
            let otherBuild = try await frontend.api("POST", "projects/jdoe/other/builds", json: ["source": Server.srpmURL])
            #expect(otherBuild.status == 201)
            let perProject = try await frontend.api("GET", "projects/jdoe/hello/builds")
            #expect(perProject.status == 200)
            #expect(perProject.json?.arrayValue?.map { $0["id"] } == [.int(id), second["id"]])
            #expect(perProject.json?.arrayValue?.first == ended)
            let all = try await frontend.api("GET", "builds")
            #expect(all.json?.arrayValue?.map { $0["project"] } == ["jdoe/hello", "jdoe/hello", "jdoe/other"])
            #expect(try await frontend.api("GET", "projects/jdoe/nothing/builds").status == 404)
            #expect(try await frontend.api("GET", "builds/4242").status == 404)
            #expect(try await frontend.api("GET", "builds/abc").status == 400)
        }
    }

    @Test("builds?owner= lists only the builds of that owner's projects, a group's too; a bad owner is 400")
    func buildsOfOwner() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            for (owner, name) in [("@team", "lib"), ("alice", "hello")] {
                try await frontend.store.createProject(NewProject(owner: owner, name: name, chroots: Server.chroots))
            }
            let jdoe = try await frontend.submit(Server.srpmURL)["id"]
            let team = try await frontend.api("POST", "projects/@team/lib/builds", json: ["source": Server.srpmURL]).json?["id"]
            #expect(try await frontend.api("POST", "projects/alice/hello/builds", json: ["source": Server.srpmURL]).status == 201)
            #expect(try await frontend.api("GET", "builds?owner=jdoe").json?.arrayValue?.map { $0["id"] } == [jdoe])
            #expect(try await frontend.api("GET", "builds?owner=@team").json?.arrayValue?.map { $0["id"] } == [team])
            #expect(try await frontend.api("GET", "builds?owner=nobody").json == [])
            #expect(try await frontend.api("GET", "builds").json?.arrayValue?.count == 3)
            let bad = try await frontend.api("GET", "builds?owner=a%2Fb")
            #expect(bad.status == 400)
            #expect(bad.json?["error"]?.stringValue?.hasPrefix("Invalid owner") == true, "\(bad.text)")
        }
    }

    @Test("cancel ends the unfinished tasks (200) and is refused with 409 once the build has ended")
    func cancel() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try #require(try await frontend.submit(Server.srpmURL)["id"]?.intValue)
            let canceled = try await frontend.api("POST", "builds/\(id)/cancel")
            #expect(canceled.status == 200)
            #expect(canceled.json?["state"] == "canceled")
            #expect(canceled.json?["chroots"]?.arrayValue?.allSatisfy { $0["state"] == "canceled" } == true)
            #expect(try await frontend.get("/backend/build-tasks/cancel-requests/").json?.arrayValue?.count == 3)

            let again = try await frontend.api("POST", "builds/\(id)/cancel")
            #expect(again.status == 409)
            #expect(again.json?["error"]?.stringValue?.contains("already ended") == true)
            #expect(try await frontend.api("POST", "builds/4242/cancel").status == 404)
        }
    }

    @Test("delete is refused with 409 while the build runs, then removes its results, regenerates its repositories and forgets it")
    func deleteBuild() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let upload = try #require(try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec").json)
            let id = try #require(upload["id"]?.intValue)
            let kept = try #require(try await frontend.submit(Server.srpmURL)["id"]?.intValue)
            let number = String(format: "%08d", id)
            let store = frontend.store
            _ = try await store.applyUpdates([
                TaskReport(task: .source(buildID: id), status: .succeeded, endedOn: 1_764_650_060, resultDir: number,
                           packageName: "hello", packageVersion: "1.0-1", srpmURL: "https://example.org/hello-1.0-1.src.rpm"),
                TaskReport(task: .rpm(buildID: id, chroot: "fedora-41-x86_64"), status: .running, resultDir: "\(number)-hello"),
            ])
            let directories = ["jdoe/hello/srpm-builds/\(number)", "jdoe/hello/fedora-41-x86_64/\(number)-hello", "jdoe/hello/epel-9-aarch64/\(number)-hello"]
            for directory in directories { try frontend.makeResultDirectory(directory) }
            let otherBuild = "jdoe/hello/fedora-41-x86_64/\(String(format: "%08d", kept))-hello"
            try frontend.makeResultDirectory(otherBuild)

            let running = try await frontend.api("DELETE", "builds/\(id)")
            #expect(running.status == 409)
            #expect(running.json?["error"]?.stringValue?.contains("has not ended") == true)
            #expect(directories.allSatisfy(frontend.exists))
            #expect(try await frontend.queuedActions(.delete).isEmpty)

            _ = try await store.applyUpdates([
                TaskReport(task: .rpm(buildID: id, chroot: "fedora-41-x86_64"), status: .succeeded),
                TaskReport(task: .rpm(buildID: id, chroot: "epel-9-aarch64"), status: .failed),
            ])
            let deleted = try await frontend.api("DELETE", "builds/\(id)")
            #expect(deleted.status == 200)
            #expect(deleted.json == ["deleted": .int(id)])
            // The backend's action dispatcher removes exactly this build's directories.
            let queued = try await frontend.queuedActions(.delete, objectType: "build")
            #expect(queued.count == 1)
            #expect(queued.first?["chroot_builddirs"] == [
                "srpm-builds": [.string(number)], "fedora-41-x86_64": [.string("\(number)-hello")], "epel-9-aarch64": [.string("\(number)-hello")],
            ])
            #expect(queued.first?["ownername"] == "jdoe" && queued.first?["projectname"] == "hello")
            #expect(frontend.exists(otherBuild))
            #expect(frontend.uploadedFiles().isEmpty)
            #expect(try await frontend.follow(try #require(upload["source"]?["url"]?.stringValue)).status == 404)
            #expect(try await frontend.api("GET", "builds/\(id)").status == 404)
            #expect(try await frontend.api("DELETE", "builds/\(id)").status == 404)
            #expect(try await frontend.api("GET", "builds").json?.arrayValue?.map { $0["id"] } == [.int(kept)])
        }
    }

    /// The backend's action dispatcher refuses such a path (its own tests); the frontend
    /// removes nothing itself.
    @Test("a delete only queues the removal: nothing is removed here, even through a link in the tree")
    func removalStaysInsideDestdir() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try #require(try await frontend.submit(Server.srpmURL, options: ["chroots": ["fedora-41-x86_64"]])["id"]?.intValue)
            let number = String(format: "%08d", id)
            _ = try await frontend.store.applyUpdates([
                TaskReport(task: .source(buildID: id), status: .failed, resultDir: number),
            ])
            try await withTemporaryDirectory { outside in
                try FileManager.default.createDirectory(atPath: "\(outside)/\(number)", withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: "\(frontend.destdir)/jdoe/hello", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: "\(frontend.destdir)/jdoe/hello/srpm-builds", withDestinationPath: outside)

                let deleted = try await frontend.api("DELETE", "builds/\(id)")
                #expect(deleted.status == 200)
                #expect(FileManager.default.fileExists(atPath: "\(outside)/\(number)"))
                #expect(try await frontend.queuedActions(.delete, objectType: "build").first?["chroot_builddirs"] == ["srpm-builds": [.string(number)]])
            }
        }
    }
}
