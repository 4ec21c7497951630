import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Copr's API v3 for builds and their chroots, answered in process: what `copr-cli
/// status`, `list-builds`, `watch-build` and `download-build` read, as the build goes
/// through its life.
@Suite("Embedded frontend: Copr's API v3, builds", .timeLimit(.minutes(3)))
struct APIv3BuildTests {
    typealias Server = ResultsTestApp
    static let chroot = "fedora-41-x86_64"

    @Test("a build has Copr's fields: its whole state, the source package once known, whole-second times, its chroots")
    func build() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let pending = try #require(try await frontend.get("/api_3/build/\(id)").json)
            #expect(pending["id"] == .int(id))
            #expect(pending["state"] == "pending")
            #expect(pending["ownername"] == "jdoe")
            #expect(pending["projectname"] == "hello")
            #expect(pending["project_dirname"] == "hello")
            #expect(pending["repo_url"] == "http://frontend.test:5007/results/jdoe/hello")
            #expect(pending["source_package"] == ["name": nil, "version": nil, "url": nil])
            #expect(pending["submitter"] == "jdoe")
            #expect(pending["chroots"] == ["epel-9-aarch64", "fedora-41-x86_64"])
            #expect(pending["is_background"] == false)
            #expect(pending["started_on"] == .null)
            #expect(pending["ended_on"] == .null)
            #expect(pending["submitted_on"]?.intValue != nil)

            try await frontend.report(.source(buildID: id), .succeeded, packageName: "hello", resultDir: String(format: "%08d", id))
            try await frontend.report(.rpm(buildID: id, chroot: Self.chroot), .running)
            let running = try #require(try await frontend.get("/api_3/build/\(id)").json)
            #expect(running["state"] == "running")
            #expect(running["source_package"] == ["name": "hello", "version": "1.0-1", "url": "https://example.org/hello-1.0-1.src.rpm"])
            #expect(running["started_on"] == 1_700_000_000)
            #expect(running["ended_on"] == .null)

            try await frontend.report(.rpm(buildID: id, chroot: Self.chroot), .succeeded)
            try await frontend.report(.rpm(buildID: id, chroot: "epel-9-aarch64"), .failed)
            let ended = try #require(try await frontend.get("/api_3/build/\(id)").json)
            #expect(ended["state"] == "failed")
            #expect(ended["ended_on"] == 1_700_000_100)
        }
    }

    @Test("unknown builds are 404 and malformed ids 400, in Copr's format")
    func buildRefusals() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let cases: [(uri: String, status: Int, message: String)] = [
                ("/api_3/build/999", 404, "Build 999 does not exist"),
                ("/api_3/build/-1", 400, "Invalid build_id"),
                ("/api_3/build/12abc", 400, "Invalid build_id"),
                ("/api_3/build/source-chroot/999", 404, "Build 999 does not exist"),
                ("/api_3/build/built-packages/999", 404, "Build 999 does not exist"),
                ("/api_3/build-chroot?build_id=999&chrootname=fedora-41-x86_64", 404, "Build 999 does not exist"),
                ("/api_3/build-chroot?build_id=\(id)&chrootname=fedora-40-x86_64", 404, "Build \(id) has no chroot fedora-40-x86_64"),
                ("/api_3/build-chroot?build_id=\(id)", 400, "Missing argument chrootname"),
                ("/api_3/build-chroot/list?build_id=0", 400, "Invalid build_id"),
                ("/api_3/build/list?ownername=jdoe&projectname=nothing", 404, "Project jdoe/nothing does not exist"),
                ("/api_3/build/list?ownername=jdoe", 400, "Missing argument projectname"),
            ]
            try await frontend.expectRefusals(cases)
        }
    }

    @Test("build/list pages a project's builds newest first, filtered by package and state, until an empty page")
    func buildList() async throws {
        try await Server.run { frontend in
            let first = try await frontend.submitBuild().build.id
            var ids = [first]
            for _ in 0..<2 {
                ids.append(try await frontend.store.submitBuild(BuildSubmission(
                    owner: "jdoe", project: "hello", submitter: "alice", source: .specURL("https://example.org/hello.spec"))).build.id)
            }
            try await frontend.report(.source(buildID: ids[1]), .succeeded, packageName: "hello")
            try await frontend.report(.source(buildID: ids[2]), .failed)

            let all = try #require(try await frontend.get("/api_3/build/list?ownername=jdoe&projectname=hello&limit=1000").json)
            #expect(all["items"]?.arrayValue?.map { $0["id"]?.intValue } == ids.reversed())
            #expect(all["meta"]?["offset"] == 0)
            let next = try await frontend.get("/api_3/build/list?ownername=jdoe&projectname=hello&limit=1000&offset=1000")
            #expect(next.json?["items"] == [])
            let oldest = try await frontend.get("/api_3/build/list?ownername=jdoe&projectname=hello&limit=1&order_type=ASC")
            #expect(oldest.json?["items"]?.arrayValue?.map { $0["id"]?.intValue } == [ids[0]])

            let failed = try await frontend.get("/api_3/build/list?ownername=jdoe&projectname=hello&status=failed")
            #expect(failed.json?["items"]?.arrayValue?.map { $0["id"]?.intValue } == [ids[2]])
            let hello = try await frontend.get("/api_3/build/list?ownername=jdoe&projectname=hello&packagename=hello")
            #expect(hello.json?["items"]?.arrayValue?.map { $0["id"]?.intValue } == [ids[1]])
        }
    }

    @Test("a build's chroots have a result URL only once the backend named the directory; the source build has its own")
    func buildChroots() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let number = String(format: "%08d", id)
            let waiting = try #require(try await frontend.get("/api_3/build-chroot?build_id=\(id)&chrootname=\(Self.chroot)").json)
            #expect(waiting == ["name": .string(Self.chroot), "state": "waiting", "started_on": nil, "ended_on": nil, "result_url": nil])
            #expect(try await frontend.get("/api_3/build/source-chroot/\(id)").json == ["state": "pending", "result_url": nil])

            try await frontend.report(.source(buildID: id), .succeeded, packageName: "hello", resultDir: number)
            try await frontend.report(.rpm(buildID: id, chroot: Self.chroot), .succeeded, resultDir: "\(number)-hello")
            let built = try #require(try await frontend.get("/api_3/build-chroot/\(id)/\(Self.chroot)").json)
            #expect(built["state"] == "succeeded")
            #expect(built["started_on"] == 1_700_000_000)
            #expect(built["ended_on"] == 1_700_000_100)
            #expect(built["result_url"] == .string("http://frontend.test:5007/results/jdoe/hello/\(Self.chroot)/\(number)-hello/"))
            #expect(try await frontend.get("/api_3/build/source-chroot/\(id)").json == [
                "state": "succeeded", "result_url": .string("http://frontend.test:5007/results/jdoe/hello/srpm-builds/\(number)/"),
            ])

            let list = try #require(try await frontend.get("/api_3/build-chroot/list?build_id=\(id)").json)
            #expect(list["items"]?.arrayValue?.map { $0["name"]?.stringValue } == ["epel-9-aarch64", Self.chroot])
            #expect(list["items"]?.arrayValue?.last == built)
            #expect(list["meta"]?["order"] == "name")
            #expect(try await frontend.get("/api_3/build-chroot/list/\(id)").json == list)
        }
    }

    @Test("built-packages lists each chroot's packages from the results.json the builder left, none where there is none")
    func builtPackages() async throws {
        try await Server.run { frontend in
            let id = try await frontend.submitBuild().build.id
            let number = String(format: "%08d", id)
            try await frontend.report(.source(buildID: id), .succeeded, packageName: "hello")
            try await frontend.report(.rpm(buildID: id, chroot: Self.chroot), .succeeded, resultDir: "\(number)-hello")
            let packages: JSONValue = [
                ["name": "hello", "epoch": nil, "version": "1.0", "release": "1.fc41", "arch": "x86_64"],
                ["name": "hello", "epoch": nil, "version": "1.0", "release": "1.fc41", "arch": "src"],
            ]
            try frontend.write(try (["packages": packages] as JSONValue).encoded(), to: "jdoe/hello/\(Self.chroot)/\(number)-hello/results.json")
            let answer = try #require(try await frontend.get("/api_3/build/built-packages/\(id)").json)
            #expect(answer == [Self.chroot: ["packages": packages], "epel-9-aarch64": ["packages": []]])
        }
    }
}
