import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The action half of the embedded frontend's backend API, as upstream's frontend serves
/// it to its action dispatcher: the queue, each record, and the results.
@Suite("Embedded frontend: the backend API's actions", .timeLimit(.minutes(3)))
struct BackendActionAPITests {
    typealias Server = BackendAPITestApp

    @Test("pending-actions lists waiting actions oldest first with their priority and owner; a project delete holds back the project's later actions")
    func pendingActions() async throws {
        try await Server.run { frontend in
            let project = try await frontend.createProject()
            let other = try await frontend.createProject(owner: "alice", name: "tools")
            let build = try await frontend.submit()
            try await frontend.succeedSource(build)
            let overview = try await frontend.store.build(id: build)
            let deleteBuild = try await frontend.store.enqueue(.deleteBuild(overview))
            let createrepo = try await frontend.store.enqueue(.createrepo(other, chroots: ["fedora-41-x86_64"]))
            let deleteProject = try await frontend.store.enqueue(.deleteProject(project))
            // Behind the delete of jdoe/hello: waits until that is done.
            let afterDelete = try await frontend.store.enqueue(.createrepo(project, chroots: ["fedora-41-x86_64"]))
            _ = try await frontend.store.enqueue(NewAction(type: .legalFlag, objectType: "copr", data: [:], projectID: project.id))

            let pending = try #require(try await frontend.get("pending-actions/").json?.arrayValue)
            #expect(pending == [
                ["id": .int(deleteBuild), "priority": 60, "project_owner": "jdoe"],
                ["id": .int(createrepo), "priority": 0, "project_owner": "alice"],
                ["id": .int(deleteProject), "priority": 60, "project_owner": "jdoe"],
            ])
            #expect(try await frontend.get("pending-action-count/").json == 4)

            let record = try #require(try await frontend.get("action/\(deleteBuild)/").json)
            #expect(record["action_type"] == 0)
            #expect(record["object_type"] == "build")
            #expect(record["object_id"] == .int(build))
            #expect(record["result"] == 0)
            #expect(record["copr_id"] == .int(project.id))
            let data = try JSONValue.decode(Data(try #require(record["data"]?.stringValue).utf8))
            #expect(data["ownername"] == "jdoe" && data["projectname"] == "hello" && data["project_dirname"] == "hello")
            #expect(data["chroot_builddirs"]?["srpm-builds"] == [.string(String(format: "%08d", build))])
            #expect(data["chroot_builddirs"]?["fedora-41-x86_64"] == [.string(String(format: "%08d-hello", build))])

            // The project delete is done: what waited behind it comes.
            let done = try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(deleteProject), "result": 1}, {"id": 999, "result": 1}]}"#)
            #expect(done.status == 200)
            #expect(done.json == ["updated_actions_ids": [.int(deleteProject)], "non_existing_actions_ids": [999]])
            let next = try #require(try await frontend.get("pending-actions").json?.arrayValue).compactMap { $0["id"]?.intValue }
            #expect(next == [deleteBuild, createrepo, afterDelete])
            let ended = try #require(try await frontend.get("action/\(deleteProject)").json)
            #expect(ended["result"] == 1 && ended["ended_on"]?.intValue != nil)
        }
    }

    @Test("a deleted build says so, with how the removal of its results goes, alone or deleted with others")
    func deletedBuilds() async throws {
        try await Server.run { frontend in
            _ = try await frontend.createProject()
            let (one, two, three) = (try await frontend.submit(), try await frontend.submit(), try await frontend.submit())
            for id in [one, two, three] {
                try await frontend.succeedSource(id)
                for chroot in BackendAPITestApp.chroots {
                    _ = try await frontend.update(BackendAPITestApp.job("\(id)-\(chroot)", status: 0))
                }
            }
            let alone = try await frontend.store.enqueue(.deleteBuild(try await frontend.store.build(id: one)))
            let overviews = [try await frontend.store.build(id: two), try await frontend.store.build(id: three)]
            let together = try await frontend.store.enqueue(try #require(NewAction.deleteBuilds(overviews)))
            for id in [one, two, three] { _ = try await frontend.store.deleteBuild(id: id) }

            await #expect(throws: FrontendStoreError.buildDeleted(one, actionID: alone, result: .waiting, message: nil)) {
                try await frontend.store.build(id: one)
            }
            _ = try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(together), "result": 2, "message": "disk full"}]}"#)
            await #expect(throws: FrontendStoreError.buildDeleted(three, actionID: together, result: .failure, message: "disk full")) {
                try await frontend.store.build(id: three)
            }
            await #expect(throws: FrontendStoreError.buildNotFound(99)) { try await frontend.store.build(id: 99) }
        }
    }

    @Test("update takes failures with their message, refuses malformed results whole, and needs the password")
    func results() async throws {
        try await Server.run { frontend in
            let project = try await frontend.createProject()
            let id = try await frontend.store.enqueue(.deleteChroot(project, chroot: "fedora-41-x86_64"))
            #expect(try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(id), "result": 2}]}"#, password: nil).status == 401)
            let malformed = try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(id), "result": 2}, {"id": "x"}]}"#)
            #expect(malformed.status == 400)
            #expect(try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(id), "result": 7}]}"#).status == 400)
            #expect(try await frontend.get("action/\(id)").json?["result"] == 0, "nothing of a refused update is applied")
            let failed = try await frontend.send("POST", "update/", body: #"{"actions": [{"id": \#(id), "result": 2, "message": "disk full"}]}"#)
            #expect(failed.status == 200)
            let record = try #require(try await frontend.get("action/\(id)").json)
            #expect(record["result"] == 2 && record["message"] == "disk full")
            #expect(try await frontend.get("pending-actions").json == [])
            #expect(try await frontend.get("action/12345").status == 404)
            #expect(try await frontend.get("action/..%2F1").status == 400)
            #expect(try await frontend.send("POST", "update/", body: #"{"other": []}"#).status == 400)
        }
    }
}
