import CoprTestSupport
import Foundation
import Testing

/// A build against a builder with the default address rule of `main.ini`: the backend's
/// services on this machine (played by a loopback server that holds a secret) cannot be
/// fetched through a spec's Source URL or a link, and nothing of the secret is published;
/// the files the farm keeps for the task itself still come from loopback.
@Suite("Sources on the build farm's own addresses")
struct ForbiddenSourceTests {
    static let secret = "daemon-status-\(UUID().uuidString)"

    @Test("an uploaded spec whose Source0 is on loopback fails its source build and publishes no secret",
          arguments: ["127.0.0.1", "localhost", "2130706433"])
    func sourceOnLoopback(host: String) async throws {
        let sandbox = try await BuilderSandbox.make(allowsLoopbackSources: false)
        defer { sandbox.tearDown() }
        try sandbox.serve("status", text: Self.secret + "\n")
        let source = "http://\(host):\(sandbox.server.port)/status#/status.json"
        let spec = try sandbox.serve("uploads/leak.spec", text: Packages.noarchSpec(name: "leak", source: source))
        let task = try sandbox.serveTask("srpm-301", [
            "build_id": 301, "source_type": 2, "source_json": ["url": spec, "pkg": "leak.spec"],
        ])
        let outcome = try await sandbox.build(taskURL: task, srpm: true)
        #expect(!outcome.succeeded && !sandbox.succeeded)
        #expect(outcome.output.contains("Downloading \(spec)"), "the upload itself is fetched: \(outcome.output)")
        #expect(outcome.output.contains("Refusing URL '\(source)'"), "\(outcome.output)")
        #expect(outcome.output.contains("is in the forbidden network 127.0.0.0/8"), "\(outcome.output)")
        #expect(!outcome.output.contains(Self.secret))
        #expect(!sandbox.resultFiles().contains { $0.hasSuffix(".rpm") })
        for file in sandbox.resultFiles() {
            #expect(!((try? String(contentsOfFile: sandbox.resultDir + "/" + file, encoding: .utf8)) ?? "").contains(Self.secret))
        }
    }

    @Test("a link (source type 1) to loopback is refused: only the task's own upload may be there")
    func linkToLoopback() async throws {
        let sandbox = try await BuilderSandbox.make(allowsLoopbackSources: false)
        defer { sandbox.tearDown() }
        let spec = try sandbox.serve("specs/hello.spec", text: Packages.noarchSpec(name: "hello"))
        let task = try sandbox.serveTask("srpm-302", ["build_id": 302, "source_type": 1, "source_json": ["url": spec]])
        let outcome = try await sandbox.build(taskURL: task, srpm: true)
        #expect(!outcome.succeeded && !sandbox.succeeded)
        #expect(outcome.output.contains("Refusing URL '\(spec)': the address 127.0.0.1 is in the forbidden network 127.0.0.0/8"),
                "\(outcome.output)")
    }

    @Test("a git clone URL on loopback is refused before git runs, over http and the git protocol")
    func cloneFromLoopback() async throws {
        let sandbox = try await BuilderSandbox.make(allowsLoopbackSources: false)
        defer { sandbox.tearDown() }
        try await GitRepositoryFixture.make(at: sandbox.served + "/git/hello.git", files: [
            "hello.spec": Packages.noarchSpec(name: "hello"), "hello.txt": "hello\n",
        ])
        for url in ["\(sandbox.server.baseURL)/git/hello.git", "git://localhost/hello.git"] {
            let task = try sandbox.serveTask("srpm-304", [
                "build_id": 304, "source_type": 8, "source_json": ["clone_url": url, "type": "git"],
            ])
            let outcome = try await sandbox.build(taskURL: task, srpm: true)
            #expect(!outcome.succeeded && !sandbox.succeeded)
            #expect(outcome.output.contains("Refusing URL '\(url)'") && outcome.output.contains("forbidden network 127.0.0.0/8"),
                    "\(outcome.output)")
            #expect(!outcome.output.contains("git clone attempt"), "a refusal is not retried: \(outcome.output)")
        }
    }

    @Test("where main.ini allows loopback, a clone by host name goes to the address that was checked")
    func pinnedCloneByName() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        try await GitRepositoryFixture.make(at: sandbox.served + "/git/named.git", files: [
            "named.spec": Packages.noarchSpec(name: "named"), "hello.txt": "hello\n",
        ])
        let url = "http://localhost:\(sandbox.server.port)/git/named.git"
        let task = try sandbox.serveTask("srpm-305", [
            "build_id": 305, "source_type": 8, "source_json": ["clone_url": url, "type": "git"],
        ])
        let outcome = try await sandbox.build(taskURL: task, srpm: true)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(outcome.output.contains("http.curloptResolve=localhost:\(sandbox.server.port):"), "\(outcome.output)")
    }

    @Test("an RPM task downloads the SRPM the backend keeps for it from loopback")
    func backendSRPMOnLoopback() async throws {
        let sandbox = try await BuilderSandbox.make(allowsLoopbackSources: false)
        defer { sandbox.tearDown() }
        let srpm = try await Packages.makeSRPM(spec: Packages.noarchSpec(name: "kept"), files: ["hello.txt": "hello\n"],
                                               in: sandbox.root + "/make")
        let name = (srpm as NSString).lastPathComponent
        try FileManager.default.createDirectory(atPath: sandbox.served + "/results", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: srpm, toPath: sandbox.served + "/results/" + name)
        let task = try sandbox.serveTask("rpm-303", [
            "build_id": 303, "chroot": Packages.chroot, "srpm_url": "\(sandbox.server.baseURL)/results/\(name)",
            "timeout": 600, "enable_net": false,
        ])
        let outcome = try await sandbox.build(taskURL: task, srpm: false)
        #expect(outcome.succeeded, "\(outcome.output)")
        #expect(sandbox.resultFiles().contains { $0.hasPrefix("kept-1.0-1") && $0.hasSuffix(".noarch.rpm") })
    }
}
