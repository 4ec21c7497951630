import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Forks through Copr's API v3 (the body python-copr 2.7 sends for copr-cli `fork`) and
/// the user API: the fork's settings, packages and forked builds, the `fork` action's
/// data as the backend reads it, the builds ended by the action's result, `confirm`,
/// who may fork where, and hostile names refused with nothing stored. Also the signing
/// key a signed project gets (`gen_gpg_key`).
@Suite("Embedded frontend: forks and signing keys", .timeLimit(.minutes(3)))
struct ForkTests {
    typealias Server = UserAPITestApp
    static let chroot = "fedora-41-x86_64", other = "epel-9-aarch64"

    /// alice/hello in both chroots, described, with package `hello` defined and builds:
    /// hello 1 (succeeded in both), hello 2 (succeeded in `chroot`, failed in `other`),
    /// world 3 (succeeded in `other`), world 4 (failed). Returns the four build ids.
    private func sourceProject(_ frontend: Server, alice: APIToken) async throws -> [Int] {
        let created = try await frontend.api("POST", "projects", json: [
            "name": "hello", "chroots": [.string(Self.chroot), .string(Self.other)], "description": "Hello, forks",
            "contact": "alice@example.org",
        ], as: .token(alice))
        guard created.status == 201 else { throw FixtureError("creating alice/hello answered \(created.status): \(created.text)") }
        try await frontend.store.addPackage(
            owner: "alice", project: "hello",
            PackageDefinition(name: "hello", source: .git(cloneURL: "https://git.example.org/hello.git", committish: "", subdirectory: "")))
        let outcomes: [(String, [String: BuildStatus])] = [
            ("hello", [Self.chroot: .succeeded, Self.other: .succeeded]),
            ("hello", [Self.chroot: .succeeded, Self.other: .failed]),
            ("world", [Self.other: .succeeded]),
            ("world", [Self.chroot: .failed]),
        ]
        var ids: [Int] = []
        for (package, chroots) in outcomes {
            let id = try await frontend.store.submitBuild(BuildSubmission(
                owner: "alice", project: "hello", submitter: "alice", source: .srpmURL("https://example.org/\(package).src.rpm"),
                chroots: chroots.keys.sorted())).build.id
            let number = String(format: "%08d", id)
            _ = try await frontend.store.applyUpdates([
                TaskReport(task: .source(buildID: id), status: .succeeded, startedOn: 1, endedOn: 2, resultDir: number,
                           packageName: package, packageVersion: "1.0-1", srpmURL: "https://example.org/\(package).src.rpm"),
            ] + chroots.map { chroot, status in
                TaskReport(task: .rpm(buildID: id, chroot: chroot), status: status, startedOn: 3, endedOn: 4, resultDir: "\(number)-\(package)")
            })
            ids.append(id)
        }
        return ids
    }

    /// The record of the newest waiting fork action.
    private func forkAction(_ frontend: Server) async throws -> JSONValue? {
        for entry in try await frontend.store.pendingActions().reversed() {
            let record = try await frontend.store.actionRecord(id: entry["id"]?.intValue ?? 0)
            if record["action_type"]?.intValue == ActionType.fork.rawValue { return record }
        }
        return nil
    }

    @Test("copr-cli fork: the fork has the settings, chroots and packages, each package's newest succeeded build per chroot forked under a new id, and one fork action with upstream's data")
    func forkThroughAPIv3() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob")
            let ids = try await sourceProject(frontend, alice: alice)
            let answer = try await frontend.v3(
                "POST", "project/fork/alice/hello?ownername=alice&projectname=hello",
                json: ["name": "hello-fork", "ownername": "bob", "confirm": false], as: .token(bob))
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.json?["full_name"] == "bob/hello-fork")
            #expect(answer.json?["description"] == "Hello, forks")
            #expect(answer.json?["contact"] == .null)
            #expect(answer.json?["chroot_repos"]?.objectValue?.keys.sorted() == [Self.other, Self.chroot])

            let fork = try await frontend.store.project(owner: "bob", name: "hello-fork")
            #expect(fork.chroots == [Self.chroot, Self.other])
            #expect(try await frontend.store.packages(owner: "bob", project: "hello-fork").map(\.name) == ["hello"])
            // hello 1 in `other`, hello 2 in `chroot`, world 3 in `other`: three builds, each forked.
            let builds = try await frontend.store.builds(owner: "bob", project: "hello-fork")
            #expect(builds.map(\.build.packageName) == ["hello", "hello", "world"])
            #expect(builds.map { $0.chroots.map(\.chroot) } == [[Self.other], [Self.chroot], [Self.other]])
            #expect(builds.allSatisfy { $0.state == .forked && !ids.contains($0.build.id) })
            let new = builds.map { String(format: "%08d", $0.build.id) }, old = ids.map { String(format: "%08d", $0) }

            let action = try #require(try await forkAction(frontend))
            #expect(action["object_type"] == "copr")
            #expect(action["old_value"] == "alice/hello")
            #expect(action["new_value"] == "bob/hello-fork")
            #expect(action["copr_id"] == .int(fork.id))
            let data = try JSONValue.decode(Data((action["data"]?.stringValue ?? "").utf8))
            #expect(data == [
                "user": "bob", "copr": "hello-fork",
                "builds_map": [
                    Self.chroot: ["\(old[1])-hello": .string("\(new[1])-hello")],
                    Self.other: ["\(old[0])-hello": .string("\(new[0])-hello"), "\(old[2])-world": .string("\(new[2])-world")],
                    "srpm-builds": [old[0]: .string(new[0]), old[1]: .string(new[1]), old[2]: .string(new[2])],
                ],
            ])
            // The source is untouched.
            #expect(try await frontend.store.builds(owner: "alice", project: "hello").map(\.build.id) == ids)
        }
    }

    @Test("the fork action's result ends the forked builds: succeeded when the backend copied them, failed when it could not; until then no cancel")
    func actionResultEndsForkedBuilds() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob")
            _ = try await sourceProject(frontend, alice: alice)
            let first = try await frontend.api("POST", "projects/alice/hello/fork", json: [:], as: .token(bob))
            #expect(first.status == 201, "\(first.text)")
            #expect(first.json?["project"]?["full_name"] == "bob/hello")
            #expect(first.json?["created"] == true)
            let firstAction = try #require(first.json?["action"]?.intValue)
            let firstBuilds = first.json?["forked_builds"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
            #expect(firstBuilds.count == 3)
            let second = try await frontend.api("POST", "projects/alice/hello/fork", json: ["name": "other"], as: .token(bob))
            let secondAction = try #require(second.json?["action"]?.intValue, "\(second.text)")

            // A forked build is the action's to end: a cancel is refused and changes nothing.
            let cancel = try await frontend.api("POST", "builds/\(firstBuilds[0])/cancel", as: .token(bob))
            #expect(cancel.status == 409 && cancel.json?["error"]?.stringValue?.contains("cannot be cancelled") == true, "\(cancel.text)")
            #expect(try await frontend.store.cancelRequests().isEmpty)
            #expect(try await frontend.store.build(id: firstBuilds[0]).state == .forked)

            let summary = try await frontend.store.applyActionResults([(firstAction, .success, nil), (secondAction, .failure, "copy failed")])
            #expect(summary.updated == [firstAction, secondAction])
            for build in try await frontend.store.builds(owner: "bob", project: "hello") {
                #expect(build.state == .succeeded && build.chroots.allSatisfy { $0.status == .succeeded })
                #expect(build.hasEnded)
            }
            #expect(try await frontend.store.builds(owner: "bob", project: "other").map(\.state) == [.failed, .failed, .failed])
            // The builds of the source keep their states.
            #expect(try await frontend.store.builds(owner: "alice", project: "hello").map(\.state) == [.succeeded, .failed, .succeeded, .failed])
        }
    }

    @Test("forking into an existing project needs confirm; with it, the builds are forked again and the missing packages added")
    func confirm() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob")
            _ = try await sourceProject(frontend, alice: alice)
            let body: JSONValue = ["name": "hello", "ownername": "bob", "confirm": false]
            #expect(try await frontend.v3("POST", "project/fork/alice/hello", json: body, as: .token(bob)).status == 200)
            let actions = try await frontend.store.waitingActionCount()
            let refused = try await frontend.v3("POST", "project/fork/alice/hello", json: body, as: .token(bob))
            #expect(refused.status == 400)
            #expect(refused.json?["error"]?.stringValue?.hasPrefix("Invalid confirm: project bob/hello exists") == true, "\(refused.text)")
            #expect(try await frontend.store.builds(owner: "bob", project: "hello").count == 3)
            #expect(try await frontend.store.waitingActionCount() == actions)

            try await frontend.store.deletePackage(owner: "bob", project: "hello", name: "hello")
            let confirmed = try await frontend.v3(
                "PUT", "project/fork/alice/hello", json: ["name": "hello", "ownername": "bob", "confirm": true], as: .token(bob))
            #expect(confirmed.status == 200, "\(confirmed.text)")
            #expect(try await frontend.store.builds(owner: "bob", project: "hello").count == 6)
            #expect(try await frontend.store.packages(owner: "bob", project: "hello").map(\.name) == ["hello"])
            #expect(try await frontend.store.waitingActionCount() == actions + 1)
        }
    }

    @Test("a fork is for oneself or a group one is a member of: anonymous 401, another user's or group's 403, an unknown source 404, the project itself 400")
    func permissions() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice"), bob = try await frontend.user("bob", groups: ["team"])
            _ = try await frontend.user("carol", groups: ["strangers"])
            _ = try await sourceProject(frontend, alice: alice)
            let cases: [(JSONValue, TestRequester, Int, String)] = [
                (["name": "f", "ownername": "bob"], .anonymous, 401, "Only a user"),
                (["name": "f", "ownername": "carol"], .token(bob), 403, ""),
                (["name": "f", "ownername": "@strangers"], .token(bob), 403, ""),
                (["name": "hello", "ownername": "alice"], .token(alice), 400, "Invalid name: the fork 'alice/hello' would be the project itself"),
            ]
            for (body, requester, status, message) in cases {
                let answer = try await frontend.v3("POST", "project/fork/alice/hello", json: body, as: requester)
                #expect(answer.status == status, "\(body): \(answer.text)")
                #expect(answer.json?["error"]?.stringValue?.hasPrefix(message) == true, "\(answer.text)")
            }
            #expect(try await frontend.v3("POST", "project/fork/alice/nothing", json: ["name": "f"], as: .token(bob)).status == 404)
            #expect(try await frontend.store.projects().map(\.fullName) == ["alice/hello"])
            #expect(try await forkAction(frontend) == nil)

            let group = try await frontend.v3("POST", "project/fork/alice/hello", json: ["name": "f", "ownername": "@team"], as: .token(bob))
            #expect(group.status == 200, "\(group.text)")
            #expect(group.json?["full_name"] == "@team/f")
            // Without ownername the fork is the requester's.
            let own = try await frontend.v3("POST", "project/fork/alice/hello", json: ["name": "f"], as: .token(bob))
            #expect(own.json?["full_name"] == "bob/f", "\(own.text)")
        }
    }

    @Test("hostile names are refused with 400 naming the field, and nothing is stored")
    func hostileNames() async throws {
        try await Server.run { frontend in
            let alice = try await frontend.user("alice")
            _ = try await sourceProject(frontend, alice: alice)
            let actions = try await frontend.store.waitingActionCount()
            let cases: [(JSONValue, String)] = [
                (["name": "../../etc", "ownername": "alice"], "Invalid name"),
                (["name": "f", "ownername": "../alice"], "Invalid ownername"),
                (["name": "f/g", "ownername": "alice"], "Invalid name"),
                (["name": "..", "ownername": "alice"], "Invalid name"),
                (["name": "f", "ownername": "@"], "Invalid ownername"),
                (["name": "f\nX", "ownername": "alice"], "Invalid name"),
                (["name": 7, "ownername": "alice"], "Invalid name"),
                (["name": "f", "ownername": "alice", "confirm": "yes"], "Invalid confirm"),
                (["name": "f", "ownername": "alice", "chroots": ["x"]], "Invalid body"),
                (["ownername": "alice"], "Invalid name"),
            ]
            for (body, message) in cases {
                let answer = try await frontend.v3("POST", "project/fork/alice/hello", json: body, as: .token(alice))
                #expect(answer.status == 400, "\(body): \(answer.text)")
                #expect(answer.json?["error"]?.stringValue?.hasPrefix(message) == true, "\(body): \(answer.text)")
            }
            let userAPI = try await frontend.api("POST", "projects/alice/hello/fork", json: ["owner": "..", "name": "f"], as: .token(alice))
            #expect(userAPI.status == 400 && userAPI.json?["error"]?.stringValue?.hasPrefix("Invalid owner") == true, "\(userAPI.text)")
            #expect(try await frontend.store.projects().map(\.fullName) == ["alice/hello"])
            #expect(try await frontend.store.waitingActionCount() == actions)
            #expect(!FileManager.default.fileExists(atPath: "\(frontend.destdir)/etc"))
        }
    }

    @Test("a signed project gets a gen_gpg_key action with the owner and name when created or when signing is turned on, once")
    func signingKey() async throws {
        try await Server.run { frontend in
            let created = try await frontend.api("POST", "projects", json: [
                "owner": "@team", "name": "signed", "chroots": [.string(Self.chroot)], "signing": true,
            ])
            #expect(created.status == 201, "\(created.text)")
            try await frontend.createProject()
            #expect(try await frontend.queuedActions(.genGPGKey) == [["ownername": "@team", "projectname": "signed"]])
            #expect(try await frontend.api("PATCH", "projects/jdoe/hello", json: ["signing": true]).status == 200)
            #expect(try await frontend.api("PATCH", "projects/jdoe/hello", json: ["signing": true]).status == 200)
            #expect(try await frontend.queuedActions(.genGPGKey) == [
                ["ownername": "@team", "projectname": "signed"], ["ownername": "jdoe", "projectname": "hello"],
            ])
        }
    }
}
