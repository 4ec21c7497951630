import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The embedded frontend's user API (docs/USER-API.md), answered in process: projects,
/// builds from every source and uploads, with the statuses, bodies and effects a user
/// sees.
@Suite("Embedded frontend: the user API", .timeLimit(.minutes(3)))
struct UserAPITests {
    typealias Server = UserAPITestApp

    // MARK: Projects

    @Test("a created project is answered 201 with its results URL and one repo file per distribution, then listed and shown")
    func createListShowProjects() async throws {
        try await Server.run { frontend in
            let created = try await frontend.api("POST", "projects", json: [
                "owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64", "fedora-41-aarch64", "epel-9-x86_64"],
                "signing": true,
            ])
            #expect(created.status == 201)
            #expect(created.header("Content-Type") == "application/json")
            let project = try #require(created.json)
            #expect(project["owner"] == "jdoe")
            #expect(project["name"] == "hello")
            #expect(project["full_name"] == "jdoe/hello")
            #expect(project["chroots"] == ["fedora-41-x86_64", "fedora-41-aarch64", "epel-9-x86_64"])
            #expect(project["signing"] == true)
            #expect((project["created_on"]?.doubleValue ?? 0) > 1_700_000_000)
            #expect(project["results_url"] == "http://frontend.test:5007/results/jdoe/hello/")
            #expect(project["repo_files"] == [
                "fedora-41": "http://frontend.test:5007/coprs/jdoe/hello/repo/fedora-41/jdoe-hello-fedora-41.repo",
                "epel-9": "http://frontend.test:5007/coprs/jdoe/hello/repo/epel-9/jdoe-hello-epel-9.repo",
            ])

            try await frontend.createProject(owner: "alice", name: "zlib", chroots: ["fedora-41-x86_64"])
            try await frontend.createProject(owner: "alice", name: "bash", chroots: ["fedora-41-x86_64"])
            let listed = try await frontend.api("GET", "projects")
            #expect(listed.status == 200)
            #expect(listed.json?.arrayValue?.map { $0["full_name"]?.stringValue } == ["alice/bash", "alice/zlib", "jdoe/hello"])
            // A list shows no project's webhook secret; a single project shows it to its editors.
            var withoutSecret = project.objectValue ?? [:]
            withoutSecret["webhook_secret"] = nil
            withoutSecret["webhook_urls"] = nil
            #expect(listed.json?.arrayValue?.last == .object(withoutSecret))

            let shown = try await frontend.api("GET", "projects/jdoe/hello")
            #expect(shown.status == 200)
            #expect(shown.json == project)
            #expect(try await frontend.api("GET", "projects/jdoe/nothing").status == 404)
        }
    }

    @Test("a project is refused with 409 when it exists and 400 for a malformed name, chroot or body; nothing is created")
    func refusedProjects() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let duplicate = try await frontend.api("POST", "projects", json: ["owner": "jdoe", "name": "hello", "chroots": ["fedora-41-x86_64"]])
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["error"]?.stringValue?.contains("already exists") == true)

            let cases: [(JSONValue, String)] = [
                (["owner": "jdoe", "name": "../etc", "chroots": ["fedora-41-x86_64"]], "Invalid project"),
                (["owner": "jd oe", "name": "other", "chroots": ["fedora-41-x86_64"]], "Invalid owner"),
                (["owner": "jdoe", "name": "other", "chroots": ["fedora41"]], "Invalid chroots"),
                (["owner": "jdoe", "name": "other", "chroots": ["srpm-builds-x"]], "unknown architecture"),
                (["owner": "jdoe", "name": "other", "chroots": ["srpm-builds-x86_64"]], "srpm-builds holds the source builds"),
                (["owner": "jdoe", "name": "other", "chroots": ["fedora-41-x86-64"]], "unknown architecture"),
                (["owner": "jdoe", "name": "other", "chroots": []], "at least one chroot"),
                (["owner": "jdoe", "name": "other"], "Invalid chroots"),
                (["owner": "jdoe", "name": "other", "chroots": "fedora-41-x86_64"], "expected an array of strings"),
                (["owner": "jdoe", "name": "other", "chroots": ["fedora-41-x86_64"], "signing": "yes"], "Invalid signing"),
                (["owner": "jdoe", "name": "other", "chroot": ["fedora-41-x86_64"]], "unknown field 'chroot'"),
                (["jdoe", "other"], "expected a JSON object"),
            ]
            for (body, message) in cases {
                let response = try await frontend.api("POST", "projects", json: body)
                #expect(response.status == 400, "\(body)")
                #expect(response.json?["error"]?.stringValue?.contains(message) == true, "\(response.text)")
            }
            let notJSON = try await frontend.api("POST", "projects", text: "{owner: jdoe")
            #expect(notJSON.status == 400)
            #expect(notJSON.json?["error"]?.stringValue?.contains("not valid JSON") == true)
            let huge = try await frontend.api("POST", "projects", text: String(repeating: " ", count: UserAPI.maximumJSONBodySize + 1))
            #expect(huge.status == 413)
            #expect(huge.json?["error"]?.stringValue?.contains("\(UserAPI.maximumJSONBodySize) bytes") == true)
            #expect(try await frontend.api("GET", "projects/jdoe/hel%20lo").status == 400)

            #expect(try await frontend.store.projects().map(\.fullName) == ["jdoe/hello"])
        }
    }

    // MARK: Submissions

    @Test("builds from an SRPM URL, a spec URL and git are answered 201 and reach the backend with their source")
    func submitJSONSources() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let cases: [(JSONValue, Int, JSONValue)] = [
                (Server.srpmURL, 1, ["url": "https://example.org/hello-1.0-1.src.rpm"]),
                (["type": "spec_url", "url": "https://example.org/hello.spec"], 1, ["url": "https://example.org/hello.spec"]),
                (["type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "v1.0", "subdirectory": "pkg"], 8, [
                    "type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "v1.0", "subdirectory": "pkg",
                    "spec": "", "srpm_build_method": "rpkg",
                ]),
                // A repository with several specs names the one to build.
                (["type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "", "subdirectory": "rpm", "spec": "extra/hello.spec"], 8, [
                    "type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "", "subdirectory": "rpm",
                    "spec": "extra/hello.spec", "srpm_build_method": "rpkg",
                ]),
            ]
            for (source, sourceType, sourceJSON) in cases {
                let build = try await frontend.submit(source)
                let id = try #require(build["id"]?.intValue)
                #expect(build["source"] == source)
                #expect(build["project"] == "jdoe/hello")
                #expect(build["owner"] == "jdoe")
                #expect(build["project_name"] == "hello")
                #expect(build["submitter"] == "jdoe")
                #expect(build["state"] == "pending")
                #expect(build["package_name"] == .null)
                #expect(build["ended_on"] == .null)
                #expect(build["source_build"]?["state"] == "pending")
                #expect(build["chroots"]?.arrayValue?.map { $0["name"] } == ["epel-9-aarch64", "fedora-41-x86_64"])
                #expect(build["chroots"]?.arrayValue?.allSatisfy { $0["state"] == "waiting" && $0["result_url"] == .null } == true)

                let record = try #require(try await frontend.get("/backend/get-srpm-build-task/\(id)/").json)
                #expect(record["source_type"] == .int(sourceType))
                #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "") == sourceJSON)
                #expect(record["sandbox"] == "jdoe/hello--jdoe")
            }
            // A git source without committish and subdirectory builds the default branch from the top.
            let defaults = try await frontend.submit(["type": "git", "clone_url": "https://git.example.org/hello.git"])
            #expect(defaults["source"] == ["type": "git", "clone_url": "https://git.example.org/hello.git", "committish": "", "subdirectory": ""])
        }
    }

    @Test("a git source's spec path must stay inside the checkout and name a .spec file; a refused one submits nothing")
    func gitSpecPath() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            for spec in ["../../etc/passwd.spec", "/abs/hello.spec", "--upload-pack=x.spec", "hello.txt", "a b.spec"] {
                let response = try await frontend.api(
                    "POST", "projects/jdoe/hello/builds",
                    json: ["source": ["type": "git", "clone_url": "https://git.example.org/hello.git", "spec": .string(spec)]])
                #expect(response.status == 400, "\(spec)")
                #expect(response.text.contains("spec"), "\(spec): \(response.text)")
            }
            #expect(try await frontend.store.allBuilds().isEmpty)
        }
    }

    @Test("chroots, background, timeout and submitter of a submission are applied")
    func submissionOptions() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let build = try await frontend.submit(Server.srpmURL, options: [
                "chroots": ["fedora-41-x86_64"], "background": true, "timeout": 600, "submitter": "alice",
            ])
            let id = try #require(build["id"]?.intValue)
            #expect(build["submitter"] == "alice")
            #expect(build["chroots"]?.arrayValue?.map { $0["name"] } == ["fedora-41-x86_64"])
            let stored = try await frontend.store.build(id: id).build
            #expect(stored.background)
            #expect(stored.timeout == 600)
            let defaults = try #require(try await frontend.submit(Server.srpmURL)["id"]?.intValue)
            #expect(try await frontend.store.build(id: defaults).build.timeout == BuildSubmission.defaultTimeout)
            #expect(try await frontend.store.build(id: defaults).build.background == false)
        }
    }

    @Test("a submission with a disallowed URL scheme, an unknown source type, a foreign chroot or wrong types is refused whole")
    func refusedSubmissions() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let cases: [(JSONValue, String)] = [
                (["source": ["type": "srpm_url", "url": "file:///etc/hello-1.0-1.src.rpm"]], "scheme 'file' is not allowed"),
                (["source": ["type": "git", "clone_url": "ssh://git.example.org/hello.git"]], "scheme 'ssh' is not allowed"),
                (["source": ["type": "spec_url", "url": "https://example.org/hello.tar.gz"]], "must end with .spec"),
                (["source": ["type": "rubygems", "url": "https://example.org/hello.spec"]], "unknown type 'rubygems'"),
                (["source": ["type": "pypi", "url": "https://example.org/hello.spec"]], "unknown field 'url'"),
                (["source": ["type": "srpm_url"]], "Invalid url: it is missing"),
                (["source": "https://example.org/hello-1.0-1.src.rpm"], "expected an object with a \"type\""),
                (["chroots": ["fedora-41-x86_64"]], "Invalid source: it is missing"),
                (["source": Server.srpmURL, "chroots": ["fedora-42-x86_64"]], "not enabled in project jdoe/hello"),
                (["source": Server.srpmURL, "timeout": "600"], "Invalid timeout: expected a whole number"),
                (["source": Server.srpmURL, "timeout": 0], "Invalid timeout"),
                (["source": Server.srpmURL, "background": 1], "Invalid background"),
                (["source": Server.srpmURL, "submitter": "al/ice"], "Invalid submitter"),
                (["source": ["type": "srpm_url", "url": .string("\(Server.publicURL)/uploads/0b7c2f9e-7d3c-4a46-9f61-5d2d0c7f3a10/x.src.rpm")]],
                 "it points at the uploads of this frontend; an upload is the source of its own build only"),
            ]
            for (body, message) in cases {
                let response = try await frontend.api("POST", "projects/jdoe/hello/builds", json: body)
                #expect(response.status == 400, "\(body)")
                #expect(response.json?["error"]?.stringValue?.contains(message) == true, "\(response.text)")
            }
            let unknownProject = try await frontend.api("POST", "projects/jdoe/nothing/builds", json: ["source": Server.srpmURL])
            #expect(unknownProject.status == 404)
            #expect(unknownProject.json?["error"]?.stringValue?.contains("does not exist") == true)
            #expect(try await frontend.store.allBuilds().isEmpty)
            #expect(try await frontend.get("/backend/pending-jobs/").json == [])
        }
    }

    // MARK: Uploads

    @Test("an uploaded SRPM is stored, served under /uploads and handed to the builder as an upload source")
    func uploadSRPM() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let contents = Data((0..<5000).map { UInt8($0 % 251) })
            let response = try await frontend.upload(
                contents, query: "filename=hello-1.0-1.src.rpm&chroots=fedora-41-x86_64&submitter=alice&background=true&timeout=900")
            #expect(response.status == 201, "\(response.text)")
            let build = try #require(response.json)
            let id = try #require(build["id"]?.intValue)
            let url = try #require(build["source"]?["url"]?.stringValue)
            #expect(build["source"]?["type"] == "upload")
            #expect(build["source"]?["filename"] == "hello-1.0-1.src.rpm")
            #expect(url.hasPrefix("\(Server.publicURL)/uploads/") && url.hasSuffix("/hello-1.0-1.src.rpm"))
            #expect(build["submitter"] == "alice")
            #expect(build["chroots"]?.arrayValue?.map { $0["name"] } == ["fedora-41-x86_64"])
            let stored = try await frontend.store.build(id: id).build
            #expect(stored.background)
            #expect(stored.timeout == 900)

            let served = try await frontend.follow(url)
            #expect(served.status == 200)
            #expect(served.body == contents)
            #expect(frontend.uploadedFiles().count == 1)

            let record = try #require(try await frontend.get("/backend/get-srpm-build-task/\(id)/").json)
            #expect(record["source_type"] == 2)
            #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "") == ["url": .string(url), "pkg": "hello-1.0-1.src.rpm"])
        }
    }

    @Test("an uploaded spec file is served under /uploads and handed to the builder as an upload source")
    func uploadSpec() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let spec = "Name: hello\nVersion: 1.0\nRelease: 1\n"
            let response = try await frontend.upload(Data(spec.utf8), query: "filename=hello.spec")
            #expect(response.status == 201, "\(response.text)")
            let build = try #require(response.json)
            let id = try #require(build["id"]?.intValue)
            let url = try #require(build["source"]?["url"]?.stringValue)
            #expect(build["source"]?["type"] == "upload")
            #expect(build["source"]?["filename"] == "hello.spec")
            #expect(url.hasPrefix("\(Server.publicURL)/uploads/") && url.hasSuffix("/hello.spec"))
            #expect(build["chroots"]?.arrayValue?.count == 2)

            #expect(try await frontend.follow(url).text == spec)
            let record = try #require(try await frontend.get("/backend/get-srpm-build-task/\(id)/").json)
            #expect(record["source_type"] == 2)
            #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "") == ["url": .string(url), "pkg": "hello.spec"])
        }
    }

    @Test("a refused upload leaves no file behind: bad file name, unknown project, foreign chroot, bad option, too large")
    func refusedUploads() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let contents = Data("not really an rpm".utf8)
            let cases: [(String, Int, String)] = [
                ("filename=..%2Fhello.src.rpm", 400, "Invalid filename"),
                ("filename=.hello.spec", 400, "Invalid filename"),
                ("filename=hello.tar.gz", 400, "ending with .src.rpm or .spec"),
                ("filename=dir%2Fhello.spec", 400, "Invalid filename"),
                ("filename=\(String(repeating: "a", count: 300)).spec", 400, "Invalid filename"),
                ("chroots=fedora-41-x86_64", 400, "Invalid filename: it is missing"),
                ("filename=hello.spec&chroots=fedora-42-x86_64", 400, "not enabled in project jdoe/hello"),
                ("filename=hello.spec&chroots=fedora", 400, "Invalid chroots"),
                ("filename=hello.spec&timeout=soon", 400, "Invalid timeout"),
                ("filename=hello.spec&background=maybe", 400, "Invalid background"),
                ("filename=hello.spec&submitter=al%20ice", 400, "Invalid submitter"),
            ]
            for (query, status, message) in cases {
                let response = try await frontend.upload(contents, query: query)
                #expect(response.status == status, "\(query)")
                #expect(response.json?["error"]?.stringValue?.contains(message) == true, "\(query): \(response.text)")
            }
            let unknownProject = try await frontend.upload(contents, query: "filename=hello.spec", project: "jdoe/nothing")
            #expect(unknownProject.status == 404)

            let tooLarge = try await frontend.upload(Data(count: Server.maximumUploadSize + 1), query: "filename=big-1.0-1.src.rpm")
            #expect(tooLarge.status == 413)
            #expect(tooLarge.json?["error"]?.stringValue?.contains("limit of \(Server.maximumUploadSize) bytes") == true, "\(tooLarge.text)")
            #expect(frontend.uploadedFiles().isEmpty)
            #expect(try await frontend.store.allBuilds().isEmpty)

            // Exactly the limit is accepted. (A body streamed without a Content-Length needs
            // a real connection: the embedded frontend's upload stream tests in
            // CoprBackendTests send one.)
            #expect(try await frontend.upload(Data(count: Server.maximumUploadSize), query: "filename=big-1.0-1.src.rpm").status == 201)
            #expect(frontend.uploadedFiles().count == 1)
        }
    }

    @Test("/uploads serves nothing but uploads: unknown, malformed and escaping paths are 404")
    func uploadsStayInside() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let build = try #require(try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec").json)
            let url = try #require(build["source"]?["url"]?.stringValue)
            let directory = String(url.dropFirst("\(Server.publicURL)/uploads/".count).prefix { $0 != "/" })
            try Data("secret".utf8).write(to: URL(fileURLWithPath: "\(frontend.uploadDirectory)/secret.spec"))
            for path in [
                "/uploads/\(directory)/other.spec", "/uploads/\(directory)", "/uploads/\(directory)/",
                "/uploads/00000000-0000-0000-0000-000000000000/hello.spec", "/uploads/\(directory)/..%2F..%2Fsecret.spec",
                "/uploads/..%2Fsecret.spec/hello.spec", "/uploads/x/secret.spec", "/uploads/secret.spec",
            ] {
                #expect(try await frontend.get(path).status == 404, "\(path)")
            }
            #expect(try await frontend.follow(url).status == 200)
        }
    }
}
