import CoprCore
import CoprFrontend
import Foundation
import Testing

/// PyPI sources through Copr's API v3 as copr-cli 2.6 sends them: `add-package-pypi`,
/// `edit-package-pypi`, `buildpypi` and `build-package` of a PyPI package; hostile names
/// and versions are refused naming the field, and nothing is stored.
@Suite("Embedded frontend: Copr's API v3, PyPI sources", .timeLimit(.minutes(3)))
struct APIv3PyPITests {
    typealias Server = UserAPITestApp

    /// What copr-cli 2.6 `add-package-pypi hello --name python-tinypkg --packagename tinypkg` sends.
    static let addBody: JSONValue = [
        "package_name": "python-tinypkg", "pypi_package_name": "tinypkg", "pypi_package_version": .null, "spec_generator": "pyp2spec",
        "spec_template": .null, "python_versions": .null, "max_builds": .null, "timeout": .null, "chroot_denylist": .null,
        "webhook_rebuild": .null,
    ]

    @Test("add-package-pypi and edit-package-pypi keep a PyPI source; get-package shows Copr's pypi source dict; build-package builds it")
    func packages() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let added = try await frontend.v3("POST", "package/add/jdoe/hello/python-tinypkg/pypi", json: Self.addBody)
            #expect(added.status == 200, "\(added.text)")
            #expect(added.json?["source_type"] == "pypi")
            #expect(added.json?["source_dict"] == [
                "pypi_package_name": "tinypkg", "pypi_package_version": .null, "spec_generator": "pyp2spec", "spec_template": "",
                "python_versions": ["3"],
            ], "\(added.text)")

            var edit = Self.addBody.objectValue!
            edit["pypi_package_name"] = .null
            edit["pypi_package_version"] = "1.0"
            edit["python_versions"] = [3]
            let edited = try await frontend.v3("POST", "package/edit/jdoe/hello/python-tinypkg/pypi", json: .object(edit))
            #expect(edited.status == 200, "\(edited.text)")
            let stored = try await frontend.store.package(owner: "jdoe", project: "hello", name: "python-tinypkg")
            #expect(stored.source == .pypi(PyPISource(name: "tinypkg", version: "1.0", pythonVersions: ["3"])))

            let built = try await frontend.v3(
                "POST", "package/build", json: ["ownername": "jdoe", "projectname": "hello", "package_name": "python-tinypkg", "chroots": ["fedora-41-x86_64"]])
            let id = try #require(built.json?["id"]?.intValue, "\(built.text)")
            #expect(try await frontend.store.build(id: id).build.source == stored.source)
            let record = try #require(try await frontend.get("/backend/get-srpm-build-task/\(id)/").json)
            #expect(record["source_type"] == 5)
            #expect(try JSONValue.parse(record["source_json"]?.stringValue ?? "")["pypi_package_version"] == "1.0")
        }
    }

    @Test("buildpypi submits a build of the release copr-cli names, with its default Python versions")
    func buildFromPyPI() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            // What copr-cli 2.6 `buildpypi hello --packagename tinypkg --packageversion 1.0 --nowait` sends.
            let built = try await frontend.v3(
                "POST", "build/create/pypi",
                json: [
                    "ownername": "jdoe", "projectname": "hello", "pypi_package_name": "tinypkg", "pypi_package_version": "1.0",
                    "spec_generator": "pyp2spec", "spec_template": .null, "python_versions": [3, 2], "project_dirname": .null,
                    "chroots": .null, "background": false, "timeout": .null, "enable_net": .null,
                ])
            #expect(built.status == 200, "\(built.text)")
            let id = try #require(built.json?["id"]?.intValue)
            #expect(try await frontend.store.build(id: id).build.source == .pypi(PyPISource(name: "tinypkg", version: "1.0", pythonVersions: ["3", "2"])))
        }
    }

    @Test("hostile PyPI names, versions and choices are a 400 naming the field, and nothing is stored")
    func refusals() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let cases: [(String, JSONValue, String)] = [
                ("pypi_package_name", "tinypkg; rm -rf /", "pypi_package_name"),
                ("pypi_package_name", "../../etc", "pypi_package_name"),
                ("pypi_package_name", "--index-url=http://evil", "pypi_package_name"),
                ("pypi_package_name", .string(String(repeating: "a", count: 5000)), "pypi_package_name"),
                ("pypi_package_name", "tinypkg-", "pypi_package_name"),
                ("pypi_package_name", .null, "pypi_package_name"),
                ("pypi_package_version", "1.0/../../x", "pypi_package_version"),
                ("pypi_package_version", "$(id)", "pypi_package_version"),
                ("pypi_package_version", "1..0", "pypi_package_version"),
                ("spec_generator", "sh", "spec_generator"),
                ("spec_template", "../x", "spec_template"),
                ("python_versions", [4], "python_versions"),
                ("python_versions", "3", "python_versions"),
            ]
            for (field, value, named) in cases {
                var body = Self.addBody.objectValue!
                body[field] = value
                let added = try await frontend.v3("POST", "package/add/jdoe/hello/python-tinypkg/pypi", json: .object(body))
                #expect(added.status == 400, "\(field) \(value): \(added.text)")
                #expect(added.json?["error"]?.stringValue?.contains(named) == true, "\(field) \(value): \(added.text)")
                var build: [String: JSONValue] = ["ownername": "jdoe", "projectname": "hello", "pypi_package_name": "tinypkg"]
                build[field] = value
                let submitted = try await frontend.v3("POST", "build/create/pypi", json: .object(build))
                #expect(submitted.status == 400, "\(field) \(value): \(submitted.text)")
            }
            #expect(try await frontend.store.packages(owner: "jdoe", project: "hello").isEmpty)
            #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").isEmpty)
        }
    }
}
