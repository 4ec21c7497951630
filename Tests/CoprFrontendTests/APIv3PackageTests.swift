import CoprCore
import CoprFrontend
import Foundation
import Testing

/// Copr's API v3 package namespace with the bodies copr-cli 2.6 and python-copr 2.7 send:
/// `add-package-scm`, `edit-package-scm`, `list-packages`, `get-package`,
/// `build-package`, `delete-package`, and the source types and options refused by name.
@Suite("Embedded frontend: Copr's API v3, packages", .timeLimit(.minutes(3)))
struct APIv3PackageTests {
    typealias Server = UserAPITestApp

    /// What copr-cli 2.6 `add-package-scm hello --name hello --clone-url URL` sends.
    static let addBody: JSONValue = [
        "package_name": "hello", "clone_url": "https://example.org/hello.git", "committish": "", "subdirectory": "", "spec": "",
        "scm_type": "git", "source_build_method": "rpkg", "max_builds": .null, "timeout": .null, "chroot_denylist": .null,
        "webhook_rebuild": .null,
    ]

    @Test("add-package-scm, edit-package-scm, get-package and list-packages answer Copr's package shape")
    func addEditList() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let added = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: Self.addBody)
            #expect(added.status == 200, "\(added.text)")
            #expect(added.json?["name"] == "hello")
            #expect(added.json?["source_type"] == "scm")
            #expect(added.json?["source_dict"]?["clone_url"] == "https://example.org/hello.git")
            #expect(added.json?["auto_rebuild"] == false)
            #expect(added.json?["builds"] == ["latest": nil, "latest_succeeded": nil])

            let again = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: Self.addBody)
            #expect(again.status == 409, "\(again.text)")

            var edit = Self.addBody.objectValue!
            edit["committish"] = "v2"
            edit["clone_url"] = .null
            edit["webhook_rebuild"] = true
            let edited = try await frontend.v3("POST", "package/edit/jdoe/hello/hello/scm", json: .object(edit))
            #expect(edited.json?["source_dict"]?["committish"] == "v2", "\(edited.text)")
            #expect(edited.json?["source_dict"]?["clone_url"] == "https://example.org/hello.git")
            #expect(edited.json?["auto_rebuild"] == true)

            let got = try await frontend.v3("GET", "package?ownername=jdoe&projectname=hello&packagename=hello&with_latest_build=False")
            #expect(got.json?["source_dict"]?["committish"] == "v2")
            let list = try await frontend.v3("GET", "package/list?ownername=jdoe&projectname=hello&limit=1000")
            #expect(list.json?["items"]?.arrayValue?.map { $0["name"] } == ["hello"])
            #expect(list.json?["meta"]?["limit"] == 1000)
            let missing = try await frontend.v3("GET", "package?ownername=jdoe&projectname=hello&packagename=nope")
            #expect(missing.status == 404, "\(missing.text)")
        }
    }

    @Test("other source types, per-package options and bad names are refused naming copr-cli's command or option")
    func refusals() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let gem = try await frontend.v3(
                "POST", "package/add/jdoe/hello/hello/rubygems", json: ["package_name": "hello", "gem_name": "hello"])
            #expect(gem.status == 400)
            #expect(gem.json?["error"]?.stringValue?.contains("add-package-rubygems") == true, "\(gem.text)")
            var timed = Self.addBody.objectValue!
            timed["timeout"] = "100"
            let timeout = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: .object(timed))
            #expect(timeout.json?["error"]?.stringValue?.contains("--timeout") == true, "\(timeout.text)")
            var tito = Self.addBody.objectValue!
            tito["source_build_method"] = "tito"
            let method = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: .object(tito))
            #expect(method.json?["error"]?.stringValue?.contains("--method") == true, "\(method.text)")
            let badName = try await frontend.v3("POST", "package/add/jdoe/hello/..%2Fx/scm", json: Self.addBody)
            #expect(badName.status == 400, "\(badName.text)")
            var local = Self.addBody.objectValue!
            local["clone_url"] = "file:///etc"
            let file = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: .object(local))
            #expect(file.status == 400, "\(file.text)")
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").isEmpty)
            let reset = try await frontend.v3("PUT", "package/reset", json: ["ownername": "jdoe", "projectname": "hello", "package_name": "hello"])
            #expect(reset.status == 400)
            #expect(reset.json?["error"]?.stringValue?.contains("reset-package is not supported") == true, "\(reset.text)")
        }
    }

    @Test("build-package builds the default source as the package's; build/list filters by it; delete-package deletes its builds")
    func buildAndDelete() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            _ = try await frontend.v3("POST", "package/add/jdoe/hello/hello/scm", json: Self.addBody)
            _ = try await frontend.submit(UserAPITestApp.srpmURL)
            // What copr-cli 2.6 `build-package hello --name hello --chroot fedora-41-x86_64 --nowait` sends.
            let built = try await frontend.v3(
                "POST", "package/build",
                json: [
                    "ownername": "jdoe", "projectname": "hello", "package_name": "hello", "project_dirname": .null,
                    "timeout": .null, "chroots": ["fedora-41-x86_64"], "background": false, "progress_callback": .null,
                ])
            #expect(built.status == 200, "\(built.text)")
            let id = try #require(built.json?["id"]?.intValue)
            let build = try await frontend.store.build(id: id)
            #expect(build.build.source == .git(cloneURL: "https://example.org/hello.git", committish: "", subdirectory: ""))
            #expect(build.build.packageName == "hello")
            #expect(build.chroots.map(\.chroot) == ["fedora-41-x86_64"])

            let listed = try await frontend.v3("GET", "build/list?ownername=jdoe&projectname=hello&packagename=hello")
            #expect(listed.json?["items"]?.arrayValue?.map { $0["id"] } == [.int(id)])
            let withLatest = try await frontend.v3(
                "GET", "package?ownername=jdoe&projectname=hello&packagename=hello&with_latest_build=True&with_latest_succeeded_build=True")
            #expect(withLatest.json?["builds"]?["latest"]?["id"] == .int(id), "\(withLatest.text)")
            #expect(withLatest.json?["builds"]?["latest_succeeded"] == .null)

            _ = try await frontend.store.applyUpdates([
                TaskReport(task: .source(buildID: id), status: .succeeded, startedOn: 1, endedOn: 2, resultDir: String(format: "%08d", id),
                           packageName: "hello", packageVersion: "1.0-1", srpmURL: "https://example.org/hello-1.0-1.src.rpm"),
                TaskReport(task: .rpm(buildID: id, chroot: "fedora-41-x86_64"), status: .succeeded, startedOn: 3, endedOn: 4),
            ])
            // A second build, in the background, with copr-cli's timeout as text and an excluded chroot.
            let second = try await frontend.v3(
                "POST", "package/build",
                json: [
                    "ownername": "jdoe", "projectname": "hello", "package_name": "hello", "timeout": "600", "background": true,
                    "exclude_chroots": ["epel-9-aarch64"],
                ])
            let running = try #require(second.json?["id"]?.intValue, "\(second.text)")
            #expect(try await frontend.store.build(id: running).chroots.map(\.chroot) == ["fedora-41-x86_64"])
            #expect(try await frontend.store.build(id: running).build.timeout == 600)
            let list = try await frontend.v3(
                "GET", "package/list?ownername=jdoe&projectname=hello&with_latest_build=True&with_latest_succeeded_build=True")
            let item = try #require(list.json?["items"]?.arrayValue?.first)
            #expect(item["builds"]?["latest"]?["id"] == .int(running), "\(list.text)")
            #expect(item["builds"]?["latest_succeeded"]?["id"] == .int(id))
            #expect(item["builds"]?["latest_succeeded"]?["state"] == "succeeded")

            let unknown = try await frontend.v3("POST", "package/build", json: ["ownername": "jdoe", "projectname": "hello", "package_name": "nope"])
            #expect(unknown.status == 404, "\(unknown.text)")

            // A running build of the package keeps it: Copr deletes the builds with the package.
            let refused = try await frontend.v3("DELETE", "package/delete", json: ["ownername": "jdoe", "projectname": "hello", "package_name": "hello"])
            #expect(refused.status == 409, "\(refused.text)")
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").count == 1)
            try await frontend.store.requestCancel(buildID: running)
            let deleted = try await frontend.v3("DELETE", "package/delete", json: ["ownername": "jdoe", "projectname": "hello", "package_name": "hello"])
            #expect(deleted.status == 200, "\(deleted.text)")
            #expect(deleted.json?["name"] == "hello")
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").isEmpty)
            #expect((try? await frontend.store.build(id: id)) == nil)
            #expect((try? await frontend.store.build(id: running)) == nil)
            #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").count == 1)
        }
    }
}
