import CoprCore
import Foundation
import Testing
@testable import CoprBackend

@Suite("Action plans")
struct ActionPlanTests {
    private func plan(_ value: JSONValue) throws -> ActionPlan {
        try ActionPlan(try ActionRecord(answer: value))
    }

    @Test("upstream's records of each handled type are read with their data fields")
    func upstreamRecords() throws {
        #expect(try plan(ActionFixtures.deleteBuild(
            1, buildID: 12, owner: "@copr", project: "hello", dirname: "hello:pr:3",
            chroots: ["srpm-builds": ["00000012"], "fedora-41-x86_64": ["00000012-hello"]], devel: true))
            == .deleteBuilds(owner: "@copr", directories: [.init(dirname: "hello:pr:3", chroots: [
                "srpm-builds": ["00000012"], "fedora-41-x86_64": ["00000012-hello"]])], buildIDs: [12], devel: true))
        #expect(try plan(ActionFixtures.createrepo(2, owner: "alice", project: "p", chroots: ["fedora-41-x86_64", "epel-9-x86_64"]))
            == .createrepo(owner: "alice", dirnames: ["p"], chroots: ["fedora-41-x86_64", "epel-9-x86_64"], devel: false))
        #expect(try plan(ActionFixtures.deleteProject(3, owner: "alice", dirnames: ["p", "", "p:pr:1"]))
            == .deleteProject(owner: "alice", dirnames: ["p", "p:pr:1"]))
        #expect(try plan(ActionFixtures.deleteChroot(4, owner: "alice", project: "p", chroot: "fedora-40-x86_64"))
            == .deleteChroot(owner: "alice", project: "p", chroot: "fedora-40-x86_64"))
        let builds = ActionFixtures.record(5, type: 0, objectType: "builds", data: ActionFixtures.json([
            "ownername": "alice", "projectname": "p", "build_ids": [7, 8],
            "project_dirnames": ["p": ["srpm-builds": ["00000007", "00000008"], "fedora-41-x86_64": ["00000007-a"]]],
        ]))
        #expect(try plan(builds) == .deleteBuilds(
            owner: "alice", directories: [.init(dirname: "p", chroots: ["srpm-builds": ["00000007", "00000008"], "fedora-41-x86_64": ["00000007-a"]])],
            buildIDs: [7, 8], devel: false))
        let removeDirs = ActionFixtures.record(6, type: 11, objectType: nil, data: #"["alice/p:pr:1", "alice/p:pr:2"]"#)
        #expect(try plan(removeDirs) == .removeDirs([.init(owner: "alice", dirname: "p:pr:1"), .init(owner: "alice", dirname: "p:pr:2")]))
        #expect(try plan(ActionFixtures.record(7, type: 2, objectType: "copr", data: nil)) == .nothing)
        let key = ActionFixtures.record(8, type: 5, objectType: "copr", data: #"{"ownername": "@g", "projectname": "p", "appstream": false}"#)
        #expect(try plan(key) == .generateKey(owner: "@g", project: "p"))
        let branch = ActionFixtures.record(10, type: 6, objectType: "None", data: ActionFixtures.json([
            "projectname": "p", "ownername": "alice", "copr_dir": "p:pr:2", "rawhide_chroot": "fedora-rawhide-x86_64",
            "appstream": false, "dest_chroot": "fedora-43-x86_64", "storage": 0, "builds": ["00000001-a"],
        ]))
        #expect(try plan(branch) == .rawhideToRelease(
            directory: .init(owner: "alice", dirname: "p:pr:2"), from: "fedora-rawhide-x86_64", to: "fedora-43-x86_64", builds: ["00000001-a"]))
        #expect(try plan(ActionFixtures.comps(11, present: true)) == .updateComps(
            owner: "alice", project: "p", chroot: "fedora-41-x86_64", urlPath: "/coprs/alice/p/chroot/fedora-41-x86_64/comps/"))
        #expect(try plan(ActionFixtures.comps(12, present: false)) == .updateComps(owner: "alice", project: "p", chroot: "fedora-41-x86_64", urlPath: nil))
        let fork = ActionFixtures.fork(9, from: "alice/p", to: "bob/q", builds: ["srpm-builds": ["00000001": "00000005"], "fedora-41-x86_64": ["00000001-a": "00000005-a", "": "x"]])
        #expect(try plan(fork) == .fork(
            source: .init(owner: "alice", dirname: "p"), destination: .init(owner: "bob", dirname: "q"),
            builds: ["srpm-builds": ["00000001": "00000005"], "fedora-41-x86_64": ["00000001-a": "00000005-a"]]))
    }

    @Test("modularity's retired types are refused with a reason")
    func refusedTypes() throws {
        for type in [9, 8] {
            guard case .refused(let reason) = try plan(ActionFixtures.record(1, type: type, objectType: "copr", data: "{}")) else {
                Issue.record("type \(type) is not refused")
                continue
            }
            #expect(reason.contains(ActionType(rawValue: type)!.name))
        }
    }

    @Test("hostile and malformed records are refused", arguments: [
        ActionFixtures.deleteProject(1, owner: "..", dirnames: ["p"]),
        ActionFixtures.deleteProject(1, owner: "alice", dirnames: ["../../etc"]),
        ActionFixtures.deleteProject(1, owner: "/etc", dirnames: ["p"]),
        ActionFixtures.deleteChroot(1, owner: "alice", project: "p", chroot: "../x"),
        ActionFixtures.deleteBuild(1, buildID: 3, owner: "alice", project: "p", chroots: ["fedora-41-x86_64": [".."]]),
        ActionFixtures.deleteBuild(1, buildID: 3, owner: "alice", project: "p", chroots: ["/": ["00000003"]]),
        ActionFixtures.deleteBuild(1, buildID: 3, owner: "alice", project: "p", dirname: "/abs", chroots: [:]),
        ActionFixtures.createrepo(1, owner: "alice", project: "p", dirnames: [".hidden"], chroots: ["fedora-41-x86_64"]),
        ActionFixtures.record(1, type: 0, objectType: "copr", data: "{not json"),
        ActionFixtures.record(1, type: 0, objectType: "copr", data: nil),
        ActionFixtures.record(1, type: 0, objectType: "copr", data: #"["a list"]"#),
        ActionFixtures.record(1, type: 0, objectType: "planet", data: "{}"),
        ActionFixtures.record(1, type: 0, objectType: "build", objectID: nil, data: #"{"ownername": "a", "project_dirname": "p", "chroot_builddirs": {}}"#),
        ActionFixtures.record(1, type: 42, objectType: "copr", data: "{}"),
        ActionFixtures.fork(1, from: "../x", to: "bob/q", builds: [:]),
        ActionFixtures.comps(1, present: true, urlPath: "http://169.254.169.254/latest"),
        ActionFixtures.comps(1, present: true, urlPath: "/coprs/../../etc"),
        ActionFixtures.comps(1, present: true, urlPath: "//evil.example/x"),
        ActionFixtures.fork(1, from: "alice/p", to: "bob/q", builds: ["fedora-41-x86_64": ["00000001-a": "../../../etc"]]),
        ActionFixtures.record(1, type: 7, objectType: "copr", oldValue: "a/p", newValue: "b/q", data: #"{"user": "c", "copr": "q", "builds_map": {}}"#),
        ActionFixtures.record(1, type: 5, objectType: "copr", data: #"{"ownername": "a", "projectname": "../p"}"#),
        ActionFixtures.record(1, type: 11, objectType: nil, data: #"["alice/p"]"#),
        ActionFixtures.record(1, type: 11, objectType: nil, data: #"["../x:pr:1"]"#),
        ActionFixtures.record(1, type: 3, objectType: "repository", data: #"{"ownername": "a", "project_dirnames": "p", "chroots": []}"#),
    ])
    func hostile(record: JSONValue) throws {
        #expect(throws: ActionRefusal.self) { try plan(record) }
    }

    @Test("a record without an id is refused, nulls elsewhere are read as absent")
    func lenientRecord() throws {
        #expect(throws: InvalidField.self) { try ActionRecord(answer: ["action_type": 2]) }
        #expect(throws: InvalidField.self) { try ActionRecord(answer: "text") }
        let record = try ActionRecord(answer: ["id": 4, "action_type": .null, "priority": .null, "data": .null])
        #expect(record == ActionRecord(id: 4, actionType: nil, data: nil))
    }

    @Test("the projects a plan touches are named by owner and project, whatever the directory")
    func projects() {
        #expect(ActionPlan.deleteProject(owner: "a", dirnames: ["p", "p:pr:2"]).projects == ["a/p"])
        #expect(ActionPlan.removeDirs([.init(owner: "a", dirname: "q:pr:1")]).projects == ["a/q"])
        #expect(ActionPlan.nothing.projects.isEmpty)
        #expect(ActionPlan.refused(reason: "x").projects.isEmpty)
    }
}
