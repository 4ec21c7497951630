import CoprCore
import CoprFrontend
import Foundation
import Testing

/// The packages of the user API (`copr-backend package …`) and of the store: a package
/// name is unique per project and checked as the task contract's, a package's source is
/// a git repository, builds of it are recorded as its own, and deleting it keeps its
/// builds unless asked.
@Suite("Embedded frontend: packages in the user API and the store", .timeLimit(.minutes(3)))
struct UserAPIPackageTests {
    typealias Server = UserAPITestApp

    static let git: JSONValue = ["type": "git", "clone_url": "https://example.org/hello.git", "committish": "main"]

    @Test("add, edit, show, list, build and filter the builds by package")
    func lifecycle() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let added = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": "hello", "source": Self.git])
            #expect(added.status == 201, "\(added.text)")
            #expect(added.json?["source"]?["committish"] == "main")
            #expect(added.json?["webhook_rebuild"] == false)
            #expect(added.json?["latest_build"] == .null)

            let edited = try await frontend.api("PATCH", "projects/jdoe/hello/packages/hello", json: ["webhook_rebuild": true])
            #expect(edited.json?["webhook_rebuild"] == true, "\(edited.text)")
            #expect(edited.json?["source"]?["committish"] == "main")

            _ = try await frontend.submit(UserAPITestApp.srpmURL)
            let built = try await frontend.api("POST", "projects/jdoe/hello/packages/hello/builds", json: ["background": true])
            #expect(built.status == 201, "\(built.text)")
            #expect(built.json?["package_name"] == "hello")
            let id = try #require(built.json?["id"]?.intValue)

            let shown = try await frontend.api("GET", "projects/jdoe/hello/packages/hello")
            #expect(shown.json?["latest_build"] == .int(id))
            #expect(try await frontend.api("GET", "projects/jdoe/hello/packages").json?.arrayValue?.count == 1)
            #expect(try await frontend.api("GET", "projects/jdoe/hello/builds?package=hello").json?.arrayValue?.map { $0["id"] } == [.int(id)])
            #expect(try await frontend.api("GET", "builds?package=hello").json?.arrayValue?.count == 1)
            #expect(try await frontend.api("GET", "projects/jdoe/hello/builds").json?.arrayValue?.count == 2)
        }
    }

    @Test("a package built from a spec URL fetches it again for each build; an upload cannot be a package's source; a PyPI project can")
    func urlPackage() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let spec: JSONValue = ["type": "spec_url", "url": "https://example.org/tool.spec"]
            let added = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": "tool", "source": spec])
            #expect(added.status == 201, "\(added.text)")
            #expect(added.json?["source"] == spec)
            let built = try await frontend.api("POST", "projects/jdoe/hello/packages/tool/builds", json: [:])
            let id = try #require(built.json?["id"]?.intValue, "\(built.text)")
            #expect(try await frontend.store.build(id: id).build.source == .specURL("https://example.org/tool.spec"))
            let record = try #require(try await frontend.get("/backend/get-srpm-build-task/\(id)/").json)
            #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "") == ["url": "https://example.org/tool.spec"])
            // Copr's link source in API v3's package record.
            let v3 = try await frontend.v3("GET", "package?ownername=jdoe&projectname=hello&packagename=tool")
            #expect(v3.json?["source_type"] == "link", "\(v3.text)")
            #expect(v3.json?["source_dict"] == ["url": "https://example.org/tool.spec"])
            await #expect(throws: InvalidField.self) {
                try await frontend.store.addPackage(
                    owner: "jdoe", project: "hello", PackageDefinition(name: "up", source: .upload(name: "x/a.src.rpm", url: "https://e.org/a.src.rpm")))
            }
            // A PyPI project, as `package add --pypi tinypkg` sends it; a hostile version is refused.
            let pypi: JSONValue = ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": .null]
            let fromPyPI = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": "python-tinypkg", "source": pypi])
            #expect(fromPyPI.status == 201, "\(fromPyPI.text)")
            #expect(fromPyPI.json?["source"]?["pypi_package_name"] == "tinypkg" && fromPyPI.json?["source"]?["type"] == "pypi")
            let hostile = try await frontend.api(
                "POST", "projects/jdoe/hello/packages",
                json: ["name": "bad", "source": ["type": "pypi", "pypi_package_name": "tinypkg", "pypi_package_version": "1;reboot"]])
            #expect(hostile.status == 400 && hostile.text.contains("pypi_package_version"), "\(hostile.text)")
        }
    }

    @Test("deleting a package keeps its builds unless with_builds asks; a running build is not deleted")
    func deletion() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            _ = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": "hello", "source": Self.git])
            _ = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": "other", "source": Self.git])
            let kept = try #require(try await frontend.api("POST", "projects/jdoe/hello/packages/hello/builds", json: [:]).json?["id"]?.intValue)
            let deleted = try await frontend.api("DELETE", "projects/jdoe/hello/packages/hello")
            #expect(deleted.json == ["deleted": "hello", "deleted_builds": []], "\(deleted.text)")
            #expect(try await frontend.store.build(id: kept).build.packageName == "hello")

            let gone = try #require(try await frontend.api("POST", "projects/jdoe/hello/packages/other/builds", json: [:]).json?["id"]?.intValue)
            let running = try await frontend.api("DELETE", "projects/jdoe/hello/packages/other?with_builds=true")
            #expect(running.status == 409, "\(running.text)")
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").map(\.name) == ["other"])
            try await frontend.store.requestCancel(buildID: gone)
            let withBuilds = try await frontend.api("DELETE", "projects/jdoe/hello/packages/other?with_builds=true")
            #expect(withBuilds.json == ["deleted": "other", "deleted_builds": [.int(gone)]], "\(withBuilds.text)")
            #expect((try? await frontend.store.build(id: gone)) == nil)
        }
    }

    @Test("the store: a name once per project, checked names and sources, unknown packages and projects refused")
    func store() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            try await frontend.createProject(name: "second")
            let source = BuildSource.git(cloneURL: "https://example.org/a.git", committish: "", subdirectory: "")
            let store = frontend.store
            try await store.addPackage(owner: "jdoe", project: "hello", PackageDefinition(name: "a", source: source))
            try await store.addPackage(owner: "jdoe", project: "second", PackageDefinition(name: "a", source: source))
            await #expect(throws: FrontendStoreError.packageExists("a", project: "jdoe/hello")) {
                try await store.addPackage(owner: "jdoe", project: "hello", PackageDefinition(name: "a", source: source))
            }
            await #expect(throws: InvalidField.self) {
                try await store.addPackage(owner: "jdoe", project: "hello", PackageDefinition(name: "-rf", source: source))
            }
            await #expect(throws: InvalidField.self) {
                try await store.addPackage(owner: "jdoe", project: "hello", PackageDefinition(name: "b", source: .srpmURL("https://example.org/b.txt")))
            }
            await #expect(throws: InvalidField.self) {
                try await store.addPackage(
                    owner: "jdoe", project: "hello",
                    PackageDefinition(name: "b", source: .git(cloneURL: "https://example.org/a.git", committish: "--upload-pack=x", subdirectory: "")))
            }
            await #expect(throws: FrontendStoreError.packageNotFound("b", project: "jdoe/hello")) {
                try await store.editPackage(owner: "jdoe", project: "hello", PackageDefinition(name: "b", source: source))
            }
            await #expect(throws: FrontendStoreError.projectNotFound(owner: "jdoe", name: "none")) {
                try await store.packages(owner: "jdoe", project: "none")
            }
            try await store.deletePackage(owner: "jdoe", project: "hello", name: "a")
            #expect(try await store.packages(owner: "jdoe", project: "second").map(\.name) == ["a"])
            // A project's packages go with it.
            try await store.deleteProject(owner: "jdoe", name: "second")
            try await frontend.createProject(name: "second")
            #expect(try await store.packages(owner: "jdoe", project: "second").isEmpty)
        }
    }
}
