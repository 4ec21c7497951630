import CoprBackend
import CoprCore
import CoprTestSupport
import Foundation
import Testing

/// The frontend stub speaks the Copr backend API over real HTTP.
@Suite struct FrontendStubTests {
    @Test func servesTaskRecordsWithTheAPIVersionHeader() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        let record = FrontendStub.rpmTaskRecord(buildID: 12, chroot: "fedora-41-x86_64")
        frontend.addRPMTask(record)
        frontend.addRPMTask(nil, taskID: "12-epel-9-x86_64")
        frontend.addSRPMTask(FrontendStub.srpmTaskRecord(buildID: 12))

        for path in ["get-build-task/12-fedora-41-x86_64/", "get-build-task/12-fedora-41-x86_64"] {
            let response = try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/\(path)")
            #expect(response.status == 200)
            #expect(response.header("Copr-FE-BE-API-Version") == "9")
            #expect(response.json == record)
        }
        let null = try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/get-build-task/12-epel-9-x86_64/")
        #expect(null.status == 200 && null.text == "null")
        let missing = try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/get-srpm-build-task/13/")
        #expect(missing.status == 404 && missing.json == ["msg": "Specified task ID not found"])
        let srpm = try await TestHTTP.send("GET", frontend.taskURL(srpmTask: 12))
        #expect(srpm.json?["task_id"] == "12")

        let pending = try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/pending-jobs/")
        #expect(pending.json?.arrayValue?.compactMap { $0["task_id"]?.stringValue } == ["12", "12-fedora-41-x86_64"])
        #expect(pending.json?[1]?["project_name"] == nil, "the pending list has the short HEAD form")

        frontend.setAPIVersion(8)
        #expect(try await TestHTTP.send("GET", frontend.taskURL(srpmTask: 12)).header("Copr-FE-BE-API-Version") == "8")
        frontend.setAPIVersion(nil)
        #expect(try await TestHTTP.send("GET", frontend.taskURL(srpmTask: 12)).header("Copr-FE-BE-API-Version") == nil)
    }

    @Test func injectedFaultsRecoverAndWritesNeedThePassword() async throws {
        let frontend = try await FrontendStub.start(password: "secret")
        defer { Task { await frontend.shutdown() } }
        let update: JSONValue = ["builds": [["id": 12, "task_id": "12-fedora-41-x86_64", "status": 1]]]
        let url = "\(frontend.baseURL)/backend/update/"

        let wrong = try await TestHTTP.send("POST", url, body: update.data, password: "nope")
        #expect(wrong.status == 401 && wrong.text == "You have to provide the correct password\n")

        frontend.failNext(2, .update, status: 503)
        #expect(try await TestHTTP.send("POST", url, body: update.data, password: "secret").status == 503)
        #expect(try await TestHTTP.send("POST", url, body: update.data, password: "secret").status == 503)
        let accepted = try await TestHTTP.send("POST", url, body: update.data, password: "secret")
        #expect(accepted.status == 200)
        #expect(accepted.json == ["updated_builds_ids": [12], "non_existing_builds_ids": []])

        #expect(frontend.requests(to: .update).count == 4)
        #expect(frontend.updates(forTask: "12-fedora-41-x86_64").count == 1)
        let final = try await frontend.waitForFinalUpdate(task: "12-fedora-41-x86_64", timeout: .seconds(1))
        #expect(final["status"] == 1)
    }

    @Test func startingBuildAndCancelRequests() async throws {
        let frontend = try await FrontendStub.start()
        defer { Task { await frontend.shutdown() } }
        frontend.refuseStart("3-fedora-41-x86_64")
        let starting = "\(frontend.baseURL)/backend/starting_build/"
        let allowed = try await TestHTTP.send("POST", starting, body: (["task_id": "2-fedora-41-x86_64", "status": 6] as JSONValue).data, password: "frontend-auth")
        #expect(allowed.json == ["can_start": true])
        let refused = try await TestHTTP.send("POST", starting, body: (["task_id": "3-fedora-41-x86_64", "status": 6] as JSONValue).data, password: "frontend-auth")
        #expect(refused.json == ["can_start": false])
        #expect(frontend.startingBuilds.count == 2)

        frontend.requestCancel("4")
        let requests = try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/build-tasks/cancel-requests/")
        #expect(requests.json == ["4"])
        let canceled = try await TestHTTP.send("POST", "\(frontend.baseURL)/backend/build-tasks/canceled/4/", body: Data("true".utf8), password: "frontend-auth")
        #expect(canceled.json == "success")
        #expect(frontend.canceledReports.map(\.taskID) == ["4"])
        #expect(try await TestHTTP.send("GET", "\(frontend.baseURL)/backend/build-tasks/cancel-requests").json == [])
    }
}
