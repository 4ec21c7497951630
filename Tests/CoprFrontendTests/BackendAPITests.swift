import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The embedded frontend's Copr backend API, answered in process: what every endpoint
/// answers, with which status, headers and body.
@Suite("Embedded frontend: the backend API contract", .timeLimit(.minutes(3)))
struct BackendAPITests {
    typealias Server = BackendAPITestApp

    @Test("pending-jobs lists source builds first, foreground before background, by build id, in HEAD's short form")
    func pendingJobsOrder() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let first = try await frontend.submit()
            let background = try await frontend.submit(background: true)
            let third = try await frontend.submit()
            try await frontend.succeedSource(first)

            let response = try await frontend.get("pending-jobs/")
            #expect(response.status == 200)
            #expect(response.header("Copr-FE-BE-API-Version") == "9")
            #expect(response.header("Content-Type") == "application/json")
            let jobs = try #require(response.json?.arrayValue)
            #expect(jobs.map { $0["task_id"]?.stringValue } == [
                "\(third)", "\(background)", "\(first)-epel-9-aarch64", "\(first)-fedora-41-x86_64",
            ])
            #expect(jobs[0] == [
                "task_id": .string("\(third)"), "build_id": .int(third), "project_owner": "jdoe",
                "sandbox": "jdoe/hello--alice", "background": false, "chroot": nil,
            ])
            #expect(jobs[1]["background"] == true)
            #expect(jobs[3] == [
                "task_id": .string("\(first)-fedora-41-x86_64"), "build_id": .int(first), "project_owner": "jdoe",
                "sandbox": "jdoe/hello--alice", "background": false, "chroot": "fedora-41-x86_64",
                "tags": [], "allow_user_ssh": false,
            ])
            // Without the trailing slash too.
            #expect(try await frontend.get("pending-jobs").json == response.json)
        }
    }

    static let uploadDirectory = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b"
    static let specUploadDirectory = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"

    @Test("get-srpm-build-task serves the full SRPM record with upstream's source_type and source_json, uploads as type 2, PyPI as 5")
    func sourceRecords() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let sources: [(BuildSource, Int, JSONValue)] = [
                (.git(cloneURL: "https://git.example.org/hello.git", committish: "v1.0", subdirectory: "pkg/hello"), 8, [
                    "type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "v1.0",
                    "subdirectory": "pkg/hello", "spec": "", "srpm_build_method": "rpkg",
                ]),
                (.specURL("https://example.org/hello.spec"), 1, ["url": "https://example.org/hello.spec"]),
                (.pypi(PyPISource(name: "tinypkg", version: "1.0")), 5, [
                    "pypi_package_name": "tinypkg", "pypi_package_version": "1.0", "spec_generator": "pyp2spec", "spec_template": "",
                    "python_versions": ["3"],
                ]),
                (.srpmURL("https://example.org/hello-1.0-1.src.rpm"), 1, ["url": "https://example.org/hello-1.0-1.src.rpm"]),
                (.upload(name: "\(Self.uploadDirectory)/hello-1.0-1.src.rpm", url: "http://fe.test/uploads/\(Self.uploadDirectory)/hello-1.0-1.src.rpm"), 2,
                 ["url": .string("http://fe.test/uploads/\(Self.uploadDirectory)/hello-1.0-1.src.rpm"), "pkg": "hello-1.0-1.src.rpm"]),
                (.upload(name: "\(Self.specUploadDirectory)/hello.spec", url: "http://fe.test/uploads/\(Self.specUploadDirectory)/hello.spec"), 2,
                 ["url": .string("http://fe.test/uploads/\(Self.specUploadDirectory)/hello.spec"), "pkg": "hello.spec"]),
            ]
            for (source, type, json) in sources {
                let id = try await frontend.submit(source: source, chroots: ["fedora-41-x86_64"])
                let response = try await frontend.get("get-srpm-build-task/\(id)/")
                #expect(response.status == 200)
                #expect(response.header("Copr-FE-BE-API-Version") == "9")
                let record = try #require(response.json)
                #expect(record["source_type"] == .int(type))
                #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "") == json)
                #expect(record["task_id"] == .string("\(id)"))
                #expect(record["build_id"] == .int(id))
                #expect(record["chroot"] == .null)
                #expect(record["project_name"] == "hello")
                #expect(record["project_dirname"] == "hello")
                #expect(record["submitter"] == "alice")
                #expect(record["appstream"] == false)
                #expect(record["distributions_in_project"] == ["fedora-41", "epel-9"])
                #expect(record["distributions_in_build"] == ["fedora-41"])
            }
        }
    }

    @Test("get-build-task serves the full RPM record, with the SRPM its source build made")
    func rpmRecord() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            try await frontend.succeedSource(id)
            let response = try await frontend.get("get-build-task/\(id)-fedora-41-x86_64")
            #expect(response.status == 200)
            let record = try #require(response.json)
            #expect(record["task_id"] == .string("\(id)-fedora-41-x86_64"))
            #expect(record["chroot"] == "fedora-41-x86_64")
            #expect(record["package_name"] == "hello")
            #expect(record["package_version"] == "1.0-1")
            #expect(record["srpm_url"]?.stringValue?.hasSuffix("/srpm-builds/\(String(format: "%08d", id))/hello-1.0-1.src.rpm") == true)
            #expect(record["git_repo"] == .null)
            #expect(record["git_hash"] == .null)
            #expect(record["bootstrap_image"] == .null)
            #expect(record["timeout"] == 18000)
            #expect(record["sandbox"] == "jdoe/hello--alice")
            for key in ["repos", "memory_reqs", "enable_net", "uses_devel_repo", "isolation", "bootstrap", "with_opts", "buildroot_pkgs", "appstream", "tags", "allow_user_ssh"] {
                #expect(record[key] != nil, "\(key) missing")
            }
            // The builder's own record parser reads the same record.
            #expect(try await frontend.get("get-build-task/\(id)-fedora-41-x86_64/").json == record)
        }
    }

    @Test("unknown tasks are 404 with a message, malformed task ids 400; both carry the API version")
    func unknownAndMalformedTasks() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit(chroots: ["fedora-41-x86_64"])
            for path in ["get-build-task/999-fedora-41-x86_64/", "get-build-task/\(id)-epel-9-aarch64/", "get-srpm-build-task/999/"] {
                let response = try await frontend.get(path)
                #expect(response.status == 404, "\(path)")
                #expect(response.json?["msg"]?.stringValue?.contains("Specified task ID not found") == true)
                #expect(response.header("Copr-FE-BE-API-Version") == "9")
            }
            for path in ["get-build-task/abc/", "get-build-task/\(id)/", "get-build-task/\(id)-fedora/", "get-srpm-build-task/0/",
                         "get-srpm-build-task/1-fedora-41-x86_64/", "get-build-task/\(id)-fedora-41-x86_64%2F..%2Fetc/"] {
                let response = try await frontend.get(path)
                #expect(response.status == 400, "\(path)")
                #expect(response.json?["msg"]?.stringValue?.isEmpty == false)
                #expect(response.header("Copr-FE-BE-API-Version") == "9")
            }
            let canceled = try await frontend.send("POST", "build-tasks/canceled/999/", body: "null")
            #expect(canceled.status == 404)
        }
    }

    @Test("writes need the configured password (401 as upstream); reads are open; PUT works like POST")
    func authentication() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            let job = Server.text(Server.job("\(id)", status: 6))
            for password in [nil, "wrong"] {
                for path in ["starting_build/", "update/", "build-tasks/canceled/\(id)/"] {
                    let response = try await frontend.send("POST", path, body: path == "update/" ? #"{"builds": []}"# : job, password: password)
                    #expect(response.status == 401, "\(path)")
                    #expect(response.text == "You have to provide the correct password\n")
                    #expect(response.header("Copr-FE-BE-API-Version") == "9")
                }
            }
            #expect(try await frontend.store.build(id: id).build.sourceStatus == .pending)
            #expect(try await frontend.get("pending-jobs/").status == 200)
            let put = try await frontend.send("PUT", "starting_build/", body: job)
            #expect(put.status == 200)
            #expect(put.json == ["can_start": true])
            #expect(try await frontend.store.build(id: id).build.sourceStatus == .starting)
        }
    }

    @Test("malformed bodies get 400 with what is wrong, and nothing of the request is applied")
    func malformedBodies() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            let good = Server.job("\(id)", status: 3)
            let cases: [(String, String, String)] = [
                ("update/", "not json", "not valid JSON"),
                ("update/", #"{"builds": 5}"#, "builds"),
                ("update/", #"[1, 2]"#, "builds"),
                ("update/", Server.text(["builds": [good, 7]]), "expected a JSON object"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 42)]]), "status"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 1, extra: ["result_dir": "../../etc"])]]), "result_dir"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 1, extra: ["task_id": "12345"])]]), "task_id"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 1, extra: ["pkg_name": "he llo"])]]), "pkg_name"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 1, extra: ["srpm_url": "file:///etc/passwd.src.rpm"])]]), "srpm_url"),
                ("update/", Server.text(["builds": [good, Server.job("\(id)", status: 1, extra: ["started_on": "yesterday"])]]), "started_on"),
                ("starting_build/", "[]", "expected a JSON object"),
                ("starting_build/", #"{"build_id": "1", "task_id": "1", "status": 6}"#, "build_id"),
                ("build-tasks/canceled/\(id)/", #""yes""#, "expected true, false or null"),
                ("build-tasks/canceled/\(id)-bad/", "null", "task_id"),
            ]
            for (path, body, message) in cases {
                let response = try await frontend.send("POST", path, body: body)
                #expect(response.status == 400, "\(path) \(body)")
                #expect(response.json?["msg"]?.stringValue?.contains(message) == true, "\(response.text)")
                #expect(response.header("Copr-FE-BE-API-Version") == "9")
            }
            let huge = String(repeating: " ", count: BackendAPI.maximumBodySize + 1)
            #expect(try await frontend.send("POST", "update/", body: huge).status == 413)
            // The valid first report of each refused update was not applied.
            #expect(try await frontend.store.build(id: id).build.sourceStatus == .pending)
        }
    }

    @Test("update answers which builds it updated and which do not exist")
    func updateAnswer() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            let response = try await frontend.send("POST", "update/", body: Server.text([
                "builds": [Server.job("\(id)", status: 3), Server.job("4242", status: 3), Server.job("\(id)-fedora-99-x86_64", status: 3)],
            ]))
            #expect(response.status == 200)
            #expect(response.json == ["updated_builds_ids": [.int(id)], "non_existing_builds_ids": [4242, .int(id)]])
        }
    }

    @Test("cancel requests are listed for the source and every unfinished chroot, and go away once confirmed")
    func cancelRequests() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let id = try await frontend.submit()
            #expect(try await frontend.get("build-tasks/cancel-requests/").json == [])
            let announcedBefore = frontend.workAnnouncements
            let canceled = try await frontend.store.requestCancel(buildID: id)
            #expect(canceled.map(\.description) == ["\(id)", "\(id)-epel-9-aarch64", "\(id)-fedora-41-x86_64"])
            #expect(frontend.workAnnouncements == announcedBefore + 1)
            let listed = try await frontend.get("build-tasks/cancel-requests/")
            #expect(listed.status == 200)
            #expect(listed.header("Copr-FE-BE-API-Version") == "9")
            #expect(listed.json == .array(canceled.map { .string($0.description) }))

            let starting = try await frontend.send("POST", "starting_build/", body: Server.text(Server.job("\(id)", status: 6)))
            #expect(starting.json == ["can_start": false])

            let confirmed = try await frontend.send("POST", "build-tasks/canceled/\(id)/", body: "true")
            #expect(confirmed.status == 200)
            #expect(confirmed.json == "success")
            #expect(try await frontend.send("PUT", "build-tasks/canceled/\(id)-epel-9-aarch64", body: "null").status == 200)
            #expect(try await frontend.get("build-tasks/cancel-requests").json == [.string("\(id)-fedora-41-x86_64")])

            let overview = try await frontend.store.build(id: id)
            #expect(overview.state == .canceled)
            #expect(overview.build.sourceStatus == .canceled)
            #expect(overview.chroots.allSatisfy { $0.status == .canceled && $0.endedOn != nil })
            #expect(try await frontend.get("pending-jobs/").json == [])
        }
    }
}
