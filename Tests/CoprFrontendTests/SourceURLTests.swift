import CoprCore
import CoprFrontend
import Foundation
import Testing

/// A submitted source URL may not make a builder fetch from the build farm itself
/// (loopback, link-local, where the frontend and the daemon listen), nor name an upload:
/// an upload is the source of the build it was uploaded for only, however a URL spells it.
@Suite("Embedded frontend: submitted source URLs", .timeLimit(.minutes(3)))
struct SourceURLTests {
    typealias Server = UserAPITestApp

    /// POSTs `source` to `jdoe/hello` and returns the status and the error text.
    static func submit(_ frontend: Server, _ source: JSONValue) async throws -> (status: Int, error: String) {
        let response = try await frontend.api("POST", "projects/jdoe/hello/builds", json: ["source": source])
        return (response.status, response.json?["error"]?.stringValue ?? response.text)
    }

    @Test("URLs whose host resolves to loopback, link-local or this-host addresses get 400 with the reason; nothing is stored")
    func farmAddressesRefused() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let cases: [(JSONValue, String)] = [
                (["type": "srpm_url", "url": "http://127.0.0.1:5006/status/x.src.rpm"],
                 "Invalid SRPM URL: the address 127.0.0.1 is in the forbidden network 127.0.0.0/8"),
                (["type": "spec_url", "url": "http://localhost:5007/api/builds/hello.spec"],
                 "Invalid spec URL: the host 'localhost' resolves to 127.0.0.1, which is in the forbidden network 127.0.0.0/8"),
                (["type": "srpm_url", "url": "http://2130706433:5006/metrics/hello.src.rpm"],
                 "the host '2130706433' resolves to 127.0.0.1, which is in the forbidden network 127.0.0.0/8"),
                (["type": "git", "clone_url": "http://[::1]:5007/hello.git"],
                 "Invalid clone URL: the address ::1 is in the forbidden network ::1/128"),
                (["type": "spec_url", "url": "http://[::ffff:127.0.0.1]/hello.spec"],
                 "the address ::ffff:127.0.0.1 is in the forbidden network 127.0.0.0/8"),
                (["type": "srpm_url", "url": "http://169.254.169.254/latest/user-data.src.rpm"],
                 "the address 169.254.169.254 is in the forbidden network 169.254.0.0/16"),
                (["type": "git", "clone_url": "https://[fe80::1]/hello.git"], "the address fe80::1 is in the forbidden network fe80::/10"),
                (["type": "spec_url", "url": "http://0.0.0.0:5006/status.spec"], "the address 0.0.0.0 is in the forbidden network 0.0.0.0/8"),
            ]
            for (source, reason) in cases {
                let (status, error) = try await Self.submit(frontend, source)
                #expect(status == 400, "\(source)")
                #expect(error.contains(reason), "\(error)")
                #expect(error.contains("sources must come from a public server, not from the build farm itself"), "\(error)")
            }
            #expect(try await frontend.store.allBuilds().isEmpty)
            #expect(try await frontend.submit(["type": "srpm_url", "url": "https://example.org/hello-1.0-1.src.rpm"])["id"] != nil)
        }
    }

    @Test("the daemon's listen address is refused; with a wildcard listen address, every address of this machine is")
    func ownListenAddresses() async throws {
        let own = try #require(try InterfaceAddresses.current().first { address in
            !AddressPolicy.defaultForbiddenNetworks.contains { $0.contains(address) }
        }, "this machine has no address outside loopback and link-local")
        let ownURL = own.isIPv4 ? "http://\(own):8080/hello.spec" : "http://[\(own)]:8080/hello.spec"
        try await Server.run(listenHosts: ["127.0.0.1", "192.0.2.5"]) { frontend in
            try await frontend.createProject()
            let (status, error) = try await Self.submit(frontend, ["type": "spec_url", "url": "http://192.0.2.5:5006/status.spec"])
            #expect(status == 400)
            #expect(error.contains("the address 192.0.2.5 is an address the backend listens on"), "\(error)")
            #expect(try await frontend.submit(["type": "spec_url", "url": .string(ownURL)])["id"] != nil)
        }
        try await Server.run(listenHosts: ["127.0.0.1", "0.0.0.0"]) { frontend in
            try await frontend.createProject()
            let (status, error) = try await Self.submit(frontend, ["type": "spec_url", "url": .string(ownURL)])
            #expect(status == 400)
            #expect(error.contains("the address \(own) is an address of this machine"), "\(error)")
            #expect(try await frontend.store.allBuilds().isEmpty)
        }
    }

    @Test("a submission naming another build's upload is refused in every spelling, and no builder is handed it")
    func otherBuildsUpload() async throws {
        try await Server.run { frontend in
            try await frontend.createProject()
            let srpm = try #require(try await frontend.upload(Data("srpm".utf8), query: "filename=hello-1.0-1.src.rpm").json)
            let spec = try #require(try await frontend.upload(Data("Name: hello\n".utf8), query: "filename=hello.spec").json)
            let (srpmID, specID) = (try #require(srpm["id"]?.intValue), try #require(spec["id"]?.intValue))
            let srpmURL = try #require(srpm["source"]?["url"]?.stringValue)
            let specURL = try #require(spec["source"]?["url"]?.stringValue)
            let directory = String(srpmURL.dropFirst("\(Server.publicURL)/uploads/".count).prefix { $0 != "/" })
            let specDirectory = String(specURL.dropFirst("\(Server.publicURL)/uploads/".count).prefix { $0 != "/" })
            let encoded = directory.utf8.map { String(format: "%%%02X", $0) }.joined()
            let twice = encoded.replacingOccurrences(of: "%", with: "%25")
            let spellings: [(JSONValue, Int)] = [
                (["type": "srpm_url", "url": .string(srpmURL)], srpmID),
                (["type": "srpm_url", "url": .string("http://localhost:5007/uploads/\(directory)/hello-1.0-1.src.rpm")], srpmID),
                (["type": "srpm_url", "url": .string("http://127.0.0.1:5007//uploads/\(directory)/hello-1.0-1.src.rpm")], srpmID),
                (["type": "srpm_url", "url": .string("http://FRONTEND.test:5007/uploads/\(directory.uppercased())/hello-1.0-1.src.rpm")], srpmID),
                (["type": "srpm_url", "url": .string("http://frontend.test:5007/%75ploads/\(encoded)/hello-1.0-1.src.rpm")], srpmID),
                (["type": "srpm_url", "url": .string("https://mirror.example.org/pub/../uploads/./\(directory)//hello-1.0-1.src.rpm")], srpmID),
                (["type": "srpm_url", "url": .string("https://example.org/go/hello-1.0-1.src.rpm?to=http%253A%252F%252Ffrontend.test%252Fuploads%252F\(twice)")], srpmID),
                (["type": "spec_url", "url": .string(specURL)], specID),
                (["type": "spec_url", "url": .string("http://frontend.test:5007/uploads/\(specDirectory)/%2E%2E/\(specDirectory)/hello.spec")], specID),
                (["type": "git", "clone_url": .string("https://example.org/uploads/\(specDirectory)/hello.git")], specID),
            ]
            for (source, owner) in spellings {
                let (status, error) = try await Self.submit(frontend, source)
                #expect(status == 400, "\(source)")
                #expect(error.contains("names the upload of build \(owner); an upload is the source of its own build only"), "\(source): \(error)")
            }

            // The store itself refuses a second build of an upload.
            let again = await #expect(throws: InvalidField.self) {
                try await frontend.store.submitBuild(BuildSubmission(
                    owner: "jdoe", project: "hello", submitter: "mallory",
                    source: .upload(name: "\(directory)/hello-1.0-1.src.rpm", url: srpmURL)))
            }
            #expect(again?.reason == "it is the source of build \(srpmID); upload the file again for a new build")

            // What the builders are offered: the two uploads, each in its own build only.
            #expect(try await frontend.store.allBuilds().map(\.build.id) == [srpmID, specID])
            let pending = try #require(try await frontend.get("/backend/pending-jobs/").json?.arrayValue)
            #expect(pending.compactMap { $0["build_id"]?.intValue } == [srpmID, specID])
        }
    }

    @Test("a store written before uploads were recorded gives each upload to the build it was uploaded for")
    func legacyUploadsAdopted() async throws {
        try await Self.withVersion1Store { store in
            let sources = try await store.allBuilds().map(\.build.source)
            #expect(sources == [
                .upload(name: "\(Self.legacySRPM)/hello-1.0-1.src.rpm", url: "http://fe.test/uploads/\(Self.legacySRPM)/hello-1.0-1.src.rpm"),
                .upload(name: "\(Self.legacySpec)/hello.spec", url: "http://fe.test/uploads/\(Self.legacySpec)/hello.spec"),
                .specURL("http://localhost:5007/uploads/\(Self.legacySpec)/hello.spec"),
                .srpmURL("https://example.org/hello-1.0-1.src.rpm"),
            ])
            #expect(try await store.uploadOwners(directories: [Self.legacySRPM, Self.legacySpec]) == [Self.legacySRPM: 1, Self.legacySpec: 2])
            #expect(try await store.deleteBuild(id: 3) == nil)
            #expect(try await store.deleteBuild(id: 2) == "\(Self.legacySpec)/hello.spec")
        }
    }

    static let legacySRPM = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
    static let legacySpec = "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d"

    /// The version 1 schema with a project and four ended builds: an uploaded SRPM, an
    /// uploaded spec (then a spec URL), a later build naming that spec upload by URL, and
    /// an SRPM link.
    /// Runs `body` with the store ``writeVersion1Store(at:)`` wrote, opened (so migrated) in a temporary directory.
    static func withVersion1Store(_ body: (FrontendStore) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let path = FrontendStore.path(stateDirectory: directory)
            try await writeVersion1Store(at: path)
            let store = try FrontendStore(path: path)
            defer { try? store.close() }
            try await body(store)
        }
    }

    static func writeVersion1Store(at path: String) async throws {
        let sources = [
            #"{"uploadedSRPM":{"path":"/var/lib/copr/uploads/\#(legacySRPM)/hello-1.0-1.src.rpm","url":"http://fe.test/uploads/\#(legacySRPM)/hello-1.0-1.src.rpm"}}"#,
            #"{"specURL":{"_0":"http://fe.test/uploads/\#(legacySpec)/hello.spec"}}"#,
            #"{"specURL":{"_0":"http://localhost:5007/uploads/\#(legacySpec)/hello.spec"}}"#,
            #"{"srpmURL":{"_0":"https://example.org/hello-1.0-1.src.rpm"}}"#,
        ]
        let builds = sources.enumerated().map { index, source in
            "INSERT INTO build (id, project_id, submitter, source, background, timeout, source_status, submitted_on) VALUES (\(index + 1), 1, 'jdoe', '\(source)', 0, 600, 0, 1764650000);"
        }
        let sql = """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('1-projects-builds-chroots-cancels');
            CREATE TABLE project (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, name TEXT NOT NULL,
                chroots TEXT NOT NULL, signing_enabled BOOLEAN NOT NULL, created_on DOUBLE NOT NULL, UNIQUE (owner, name));
            CREATE TABLE build (id INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE, submitter TEXT NOT NULL,
                source TEXT NOT NULL, background BOOLEAN NOT NULL, timeout INTEGER NOT NULL, package_name TEXT,
                package_version TEXT, srpm_url TEXT, source_status INTEGER NOT NULL, source_result_dir TEXT,
                submitted_on DOUBLE NOT NULL, started_on DOUBLE, ended_on DOUBLE, canceled BOOLEAN NOT NULL DEFAULT 0);
            CREATE TABLE build_chroot (build_id INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
                chroot TEXT NOT NULL, status INTEGER NOT NULL, started_on DOUBLE, ended_on DOUBLE, result_dir TEXT,
                PRIMARY KEY (build_id, chroot));
            CREATE TABLE cancel_request (task_id TEXT PRIMARY KEY);
            INSERT INTO project VALUES (1, 'jdoe', 'hello', '["fedora-41-x86_64"]', 0, 1764650000);
            \(builds.joined(separator: "\n"))
            """
        let output = try await ProcessRunner().capture("sqlite3", [path, sql], timeout: .seconds(30))
        guard output.exit == .exited(0) else { throw FixtureError("sqlite3: \(output.standardError)") }
    }
}
