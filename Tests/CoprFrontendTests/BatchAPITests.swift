import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Build ordering through the routes: copr-cli 2.6's `build --after-build-id` and
/// `--with-build-id` bodies on Copr's API v3 (the ids as the strings it sends), the same
/// options on the user API's JSON and upload submissions, the refusals answered 400 with
/// nothing submitted, `pending-jobs` leaving a waiting build's tasks out, and
/// `GET /api/builds/<id>` saying what such a build waits for.
@Suite("Embedded frontend: build ordering over the APIs", .timeLimit(.minutes(3)))
struct BatchAPITests {
    typealias Server = UserAPITestApp

    /// What copr-cli 2.6 `build alice/proj URL` sends after its check, with `extra`.
    static func coprCLIBody(_ extra: [String: JSONValue] = [:]) -> JSONValue {
        let body: [String: JSONValue] = [
            "ownername": "alice", "projectname": "proj", "pkgs": ["https://example.org/hello-1.0-1.src.rpm"],
            "project_dirname": .null, "timeout": .null, "chroots": .null, "background": false,
        ]
        return .object(body.merging(extra) { $1 })
    }

    static func pendingTasks(_ frontend: Server) async throws -> [String] {
        try await frontend.get("/backend/pending-jobs/").json?.arrayValue?.compactMap { $0["task_id"]?.stringValue } ?? []
    }

    @Test("copr-cli --after-build-id and --with-build-id: ordered as asked, the waiting build out of pending-jobs and saying what it waits for")
    func coprCLI() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            func build(_ extra: [String: JSONValue]) async throws -> Int {
                let answer = try await frontend.v3("POST", "build/create/url", json: Self.coprCLIBody(extra), as: .token(alice))
                return try #require(answer.json?["items"]?.arrayValue?.first?["id"]?.intValue, "\(answer.text)")
            }
            let first = try await build([:])
            let check = try await frontend.v3(
                "POST", "build/check-before-build",
                json: ["ownername": "alice", "projectname": "proj", "project_dirname": .null, "timeout": .null, "chroots": .null,
                       "background": false, "after_build_id": .string("\(first)")],
                as: .token(alice))
            #expect(check.status == 200, "\(check.text)")
            let partner = try await build(["with_build_id": .string("\(first)")])
            let second = try await build(["after_build_id": .string("\(partner)")])
            #expect(try await Self.pendingTasks(frontend) == ["\(first)", "\(partner)"])

            let batch = try #require(try await frontend.store.build(id: first).build.batchID)
            let waiting = try await frontend.api("GET", "builds/\(second)")
            #expect(waiting.json?["source_build"]?["waiting_for"] == .string("batch \(batch) (builds \(first), \(partner)) to end"), "\(waiting.text)")
            #expect(waiting.json?["source_build"]?["queue_position"] == .null)
            #expect(waiting.json?["batch_id"] != .null && waiting.json?["batch_id"] != .int(batch))
            #expect(try await frontend.api("GET", "builds/\(first)").json?["source_build"]?["waiting_for"] == .null)

            for id in [first, partner] { try await frontend.store.requestCancel(buildID: id) }
            #expect(try await Self.pendingTasks(frontend) == ["\(second)"])
            #expect(try await frontend.api("GET", "builds/\(second)").json?["source_build"]?["waiting_for"] == .null)
        }
    }

    @Test("refused with 400 and nothing submitted: both options, an unknown build, a batch of another's project (already by the check before an upload), an ended batch, an id that is no number")
    func refusals() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob")
            try await frontend.store.createProject(NewProject(owner: "alice", name: "proj", chroots: Server.chroots))
            try await frontend.store.createProject(NewProject(owner: "bob", name: "proj", chroots: Server.chroots))
            let first = try #require(
                try await frontend.v3("POST", "build/create/url", json: Self.coprCLIBody(), as: .token(alice)).json?["items"]?.arrayValue?.first?["id"]?.intValue)
            _ = try await frontend.v3("POST", "build/create/url", json: Self.coprCLIBody(["with_build_id": .string("\(first)")]), as: .token(alice))
            let batch = try #require(try await frontend.store.build(id: first).build.batchID)
            let before = try await frontend.store.allBuilds().count

            var bobs = Self.coprCLIBody(["with_build_id": .string("\(first)")])
            bobs = .object((bobs.objectValue ?? [:]).merging(["ownername": "bob"]) { $1 })
            let cases: [(JSONValue, APIToken, String)] = [
                (Self.coprCLIBody(["after_build_id": .string("\(first)"), "with_build_id": .string("\(first)")]), alice, "not both"),
                (Self.coprCLIBody(["with_build_id": "999"]), alice, "Build 999 doesn't exist"),
                (bobs, bob, "The batch \(batch) belongs to project alice/proj"),
                (Self.coprCLIBody(["after_build_id": "soon"]), alice, "after_build_id"),
            ]
            for (body, token, message) in cases {
                let refused = try await frontend.v3("POST", "build/create/url", json: body, as: .token(token))
                #expect(refused.status == 400, "\(refused.text)")
                #expect(refused.json?["error"]?.stringValue?.contains(message) == true, "\(refused.text)")
            }
            // copr-cli's check before it sends a file answers the same refusal.
            let checked = try await frontend.v3(
                "POST", "build/check-before-build", json: ["ownername": "bob", "projectname": "proj", "with_build_id": .string("\(first)")],
                as: .token(bob))
            #expect(checked.status == 400)
            #expect(checked.json?["error"]?.stringValue?.contains("The batch \(batch) belongs to project alice/proj") == true, "\(checked.text)")
            // Bob may still build after alice's batch in his own project.
            var after = Self.coprCLIBody(["after_build_id": .string("\(first)")])
            after = .object((after.objectValue ?? [:]).merging(["ownername": "bob"]) { $1 })
            #expect(try await frontend.v3("POST", "build/create/url", json: after, as: .token(bob)).status == 200)
            #expect(try await frontend.store.allBuilds().count == before + 1)

            for overview in try await frontend.store.allBuilds() where overview.build.batchID == batch {
                try await frontend.store.requestCancel(buildID: overview.build.id)
            }
            let ended = try await frontend.v3("POST", "build/create/url", json: Self.coprCLIBody(["with_build_id": .string("\(first)")]), as: .token(alice))
            #expect(ended.status == 400)
            #expect(ended.json?["error"]?.stringValue?.contains("Batch \(batch) is already finished") == true, "\(ended.text)")
        }
    }

    @Test("the user API takes after_build_id and with_build_id in a JSON submission and in an upload's query; both together are refused")
    func userAPI() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let first = try #require(try await frontend.submit(Server.srpmURL)["id"]?.intValue)
            let second = try await frontend.submit(Server.srpmURL, options: ["after_build_id": .int(first)])
            #expect(second["batch_id"] != .null)
            let uploaded = try await frontend.upload(Data("RPM".utf8), query: "filename=hello-1.0-1.src.rpm&with_build_id=\(first)")
            #expect(uploaded.status == 201, "\(uploaded.text)")
            let firstBatch = try await frontend.store.build(id: first).build.batchID
            #expect(uploaded.json?["batch_id"] == firstBatch.map(JSONValue.int))
            #expect(try await Self.pendingTasks(frontend).count == 2)

            let both = try await frontend.api(
                "POST", "projects/jdoe/hello/builds", json: ["source": Server.srpmURL, "after_build_id": .int(first), "with_build_id": .int(first)])
            #expect(both.status == 400, "\(both.text)")
            let bothUploaded = try await frontend.upload(
                Data("RPM".utf8), query: "filename=hello-1.0-1.src.rpm&with_build_id=\(first)&after_build_id=\(first)")
            #expect(bothUploaded.status == 400)
            let wrongType = try await frontend.api("POST", "projects/jdoe/hello/builds", json: ["source": Server.srpmURL, "after_build_id": "1"])
            #expect(wrongType.status == 400)
            #expect(try await frontend.store.allBuilds().count == 3)
        }
    }
}
