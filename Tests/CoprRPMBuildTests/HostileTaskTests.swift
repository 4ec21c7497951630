import Foundation
import Testing

/// Task fields are hostile: they are refused with a clear message in the log, no `success`.
@Suite("Hostile task fields")
struct HostileTaskTests {
    private func expectRefused(_ sandbox: BuilderSandbox, _ outcome: Shell.Outcome, _ message: String) {
        #expect(!outcome.succeeded)
        #expect(!sandbox.succeeded)
        #expect(outcome.output.contains(message), "\(outcome.output)")
    }

    @Test func aChrootWithASlashIsRefusedInTheLog() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let taskURL = try sandbox.serveTask("rpm-81", ["build_id": 81, "chroot": Packages.chroot,
                                                       "srpm_url": sandbox.server.baseURL + "/x.src.rpm"])
        let start = try await sandbox.run("copr-rpmbuild", ["--task-url", taskURL, "--chroot", "../../etc", "--detached"])
        #expect(start.succeeded)
        let log = try await sandbox.run("copr-rpmbuild-log", [])
        #expect(log.output.contains("Refusing the task: Invalid chroot: character '/' is not allowed in '../../etc'"), "\(log.output)")
        #expect(!sandbox.succeeded)

        let inTask = try sandbox.serveTask("rpm-82", ["build_id": 82, "chroot": "fedora-41-x86_64/..",
                                                      "srpm_url": sandbox.server.baseURL + "/x.src.rpm"])
        expectRefused(sandbox, try await sandbox.build(taskURL: inTask, srpm: false), "character '/' is not allowed")
    }

    @Test func packageNamesWithShellMetacharactersAreRefused() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let taskURL = try sandbox.serveTask("rpm-83", ["build_id": 83, "chroot": Packages.chroot,
                                                       "package_name": "hello; touch \(sandbox.root)/pwned",
                                                       "srpm_url": sandbox.server.baseURL + "/x.src.rpm"])
        expectRefused(sandbox, try await sandbox.build(taskURL: taskURL, srpm: false),
                      "Refusing the task: Invalid package_name: character ';' is not allowed in 'hello; touch")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/pwned"))

        // A spec whose Name itself is hostile: rpm accepts it, we refuse it.
        let specURL = try sandbox.serve("specs/evil.spec", text: Packages.noarchSpec(name: "evil$(id)", source: "x.txt"))
        try sandbox.serve("specs/x.txt", text: "x\n")
        let srpmTask = try sandbox.serveTask("srpm-84", ["build_id": 84, "source_type": 1, "source_json": ["url": specURL]])
        let outcome = try await sandbox.build(taskURL: srpmTask, srpm: true)
        #expect(!outcome.succeeded && !sandbox.succeeded)
    }

    @Test func fileURLsOutsideTheWorkspaceAreRefused() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try "secret\n".write(toFile: sandbox.root + "/secret.txt", atomically: true, encoding: .utf8)
        let link = try sandbox.serveTask("srpm-91", ["build_id": 91, "source_type": 1,
                                                     "source_json": ["url": "file://\(sandbox.root)/secret.src.rpm"]])
        expectRefused(sandbox, try await sandbox.build(taskURL: link, srpm: true),
                      "file:// URLs may only point inside the builder workspace")

        let rpm = try sandbox.serveTask("rpm-92", ["build_id": 92, "chroot": Packages.chroot,
                                                   "srpm_url": "file:///etc/../\(sandbox.root)/x.src.rpm"])
        expectRefused(sandbox, try await sandbox.build(taskURL: rpm, srpm: false), "may only point inside the builder workspace")

        // A spec's Source URL pointing at a builder file.
        let specURL = try sandbox.serve("specs/steal.spec",
                                        text: Packages.noarchSpec(source: "file://\(sandbox.root)/secret.txt"))
        let spec = try sandbox.serveTask("srpm-93", ["build_id": 93, "source_type": 1, "source_json": ["url": specURL]])
        expectRefused(sandbox, try await sandbox.build(taskURL: spec, srpm: true), "may only point inside the builder workspace")

        // A local clone URL and a path-escaping subdirectory.
        let clone = try sandbox.serveTask("srpm-94", ["build_id": 94, "source_type": 8,
                                                      "source_json": ["clone_url": sandbox.root, "type": "git"]])
        expectRefused(sandbox, try await sandbox.build(taskURL: clone, srpm: true), "a clone URL must be an http(s), git or ssh URL")
        let escape = try sandbox.serveTask("srpm-95", ["build_id": 95, "source_type": 8,
                                                       "source_json": ["clone_url": "https://127.0.0.1:1/x.git",
                                                                       "subdirectory": "../../..", "type": "git"]])
        expectRefused(sandbox, try await sandbox.build(taskURL: escape, srpm: true),
                      "Invalid subdirectory: expected a relative path without '.' or '..' components, found '../../..'")
    }

    @Test func aMissingTaskIsReportedAfterBoundedRetries() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        expectRefused(sandbox, try await sandbox.build(taskURL: sandbox.server.baseURL + "/tasks/none.json", srpm: true),
                      "HTTP status 404")
        // With --build-id the URL is built from frontend_url as upstream does.
        let byID = try await sandbox.run("copr-rpmbuild", ["--srpm", "--build-id", "123"])
        expectRefused(sandbox, byID, "/frontend/backend/get-srpm-build-task/123")
        let rpmByID = try await sandbox.run("copr-rpmbuild", ["--build-id", "124", "--chroot", Packages.chroot])
        expectRefused(sandbox, rpmByID, "/frontend/backend/get-build-task/124-\(Packages.chroot)")
    }
}
