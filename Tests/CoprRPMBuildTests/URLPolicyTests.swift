import CoprCore
@testable import CoprRPMBuild
import CoprTestSupport
import Foundation
import Logging
import Testing

/// The address rule of `main.ini` (`forbidden_networks`, `forbid_local_addresses`): which
/// hosts a source may come from, after resolution, in every spelling, and after every
/// redirect; and the one exception, the task's own upload.
@Suite("URL policy: sources may not come from the build farm itself")
struct URLPolicyTests {
    static func policy(_ addresses: AddressPolicy = AddressPolicy(forbidsInterfaceAddresses: true)) -> URLPolicy {
        URLPolicy(workspace: "/var/lib/copr-rpmbuild/workspace", addresses: addresses, resolveTimeout: .seconds(5))
    }

    static func downloader(_ addresses: AddressPolicy = AddressPolicy(forbidsInterfaceAddresses: true)) -> Downloader {
        Downloader(logger: Logger(label: "url-policy-test") { _ in SwiftLogNoOpLogHandler() }, policy: policy(addresses))
    }

    static let retry = RetryPolicy(attempts: 1, timeout: .seconds(10), delay: .zero)

    @Test("loopback, link-local and this-host addresses are refused in every spelling, names resolved first", arguments: [
        ("http://127.0.0.1:5006/status", "127.0.0.0/8"),
        ("http://127.1/", "127.0.0.0/8"),
        ("http://2130706433/", "127.0.0.0/8"),
        ("http://0x7f.0.0.1/", "127.0.0.0/8"),
        ("http://localhost:5007/uploads/x.spec", "127.0.0.0/8"),
        ("HTTP://LOCALHOST/x.spec", "127.0.0.0/8"),
        ("http://[::1]:5006/status", "::1/128"),
        ("http://[::ffff:127.0.0.1]/", "127.0.0.0/8"),
        ("http://[::ffff:7f00:2]/", "127.0.0.0/8"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.0.0/16"),
        ("http://[::ffff:169.254.169.254]/", "169.254.0.0/16"),
        ("https://[fe80::1%25eth0]/", "fe80::/10"),
        ("http://0.0.0.0:5006/status", "0.0.0.0/8"),
        ("http://0/", "0.0.0.0/8"),
        ("http://[::]:5007/", "::/128"),
        ("git://localhost/repo.git", "127.0.0.0/8"),
        ("ssh://127.0.0.1/repo.git", "127.0.0.0/8"),
    ])
    func forbiddenAddresses(url: String, network: String) async throws {
        let error = await #expect(throws: CoprRPMBuildError.self) { try await Self.policy().pin(url) }
        let message = "\(try #require(error))"
        #expect(message.contains("Refusing URL '\(url)'"), "\(message)")
        #expect(message.contains("is in the forbidden network \(network)"), "\(message)")
        #expect(message.contains("forbidden_networks and forbid_local_addresses in main.ini"), "\(message)")
    }

    @Test("a public address passes and is the one connections go to, the host kept for the request")
    func publicAddressIsPinned() async throws {
        let pinned = try await Self.policy().pin("https://192.0.2.7:8443/hello-1.0.tar.gz")
        #expect(pinned == PinnedHost(host: "192.0.2.7", port: 8443, address: IPAddress("192.0.2.7")!))
        #expect(pinned.curlResolveEntry == nil)
        #expect(try await Self.policy().pin("http://[2001:db8::5]/x.spec").address == IPAddress("2001:db8::5"))
        // A name is resolved once; git's curl and the HTTP client are told that answer.
        let open = AddressPolicy(forbiddenNetworks: [], forbidsInterfaceAddresses: false)
        let localhost = try await SystemHostResolver().addresses(of: "localhost", timeout: .seconds(5))[0]
        let named = try await Self.policy(open).pin("https://localhost:8443/x.git")
        #expect(named == PinnedHost(host: "localhost", port: 8443, address: localhost))
        #expect(named.curlResolveEntry == (localhost.isIPv4 ? "localhost:8443:\(localhost)" : "localhost:8443:[\(localhost)]"))
        #expect(named.clientConfiguration.dnsOverride == ["localhost": localhost.description])
    }

    @Test("an address of this machine's interfaces is refused unless forbid_local_addresses is off")
    func ownInterfaceAddresses() async throws {
        let own = try InterfaceAddresses.current().filter { address in
            !AddressPolicy.defaultForbiddenNetworks.contains { $0.contains(address) }
        }
        let address = try #require(own.first, "this machine has no address outside loopback and link-local")
        let url = address.isIPv4 ? "http://\(address)/x.spec" : "http://[\(address)]/x.spec"
        let error = await #expect(throws: CoprRPMBuildError.self) { try await Self.policy().pin(url) }
        #expect("\(try #require(error))".contains("is an address of this machine"))
        let allowing = AddressPolicy(forbidsInterfaceAddresses: false)
        #expect(try await Self.policy(allowing).pin(url).address == address)
    }

    @Test("forbidden_networks and forbid_local_addresses come from main.ini or the environment")
    func configuration() throws {
        let defaults = try BuilderConfig(ini: try INIFile(text: ""), environment: [:])
        #expect(defaults.addressPolicy == AddressPolicy(forbidsInterfaceAddresses: true))
        #expect(defaults.forbiddenNetworks.map(\.description) == ["127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128"])
        let ini = try INIFile(text: "[main]\nforbidden_networks = 10.0.0.0/8, 127.0.0.0/8\n  ::ffff:192.168.0.0/112\nforbid_local_addresses = no\n")
        let configured = try BuilderConfig(ini: ini, environment: ["COPR_RPMBUILD_FORBIDDEN_NETWORKS": "192.0.2.0/24 10.0.0.0/8"])
        #expect(configured.forbiddenNetworks.map(\.description) == ["192.0.2.0/24", "10.0.0.0/8"])
        #expect(!configured.forbidsLocalAddresses)
        let fromFile = try BuilderConfig(ini: ini, environment: [:])
        #expect(fromFile.forbiddenNetworks.map(\.description) == ["10.0.0.0/8", "127.0.0.0/8", "192.168.0.0/16"])
        for bad in ["[main]\nforbidden_networks = 127.0.0.0/33\n", "[main]\nforbidden_networks = localhost\n",
                    "[main]\nforbid_local_addresses = maybe\n"] {
            #expect(throws: CoprRPMBuildError.self) { try BuilderConfig(ini: try INIFile(text: bad), environment: [:]) }
        }
    }

    @Test("a redirect to a forbidden address is refused before anything is fetched from it")
    func redirectToLoopbackIsRefused() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let secret = try sandbox.serve("secret.txt", text: "secret\n")
        try sandbox.serve("public.txt", text: "public\n")
        let mirror = try await StaticFileServer.start(root: sandbox.served, host: "127.0.0.2", redirects: [
            "/leak.txt": secret, "/moved.txt": "/public.txt",
        ])
        defer { mirror.stop() }
        // Only the secret's address is forbidden here, so the mirror may be reached.
        let rule = AddressPolicy(forbiddenNetworks: [IPNetwork("127.0.0.1/32")!], forbidsInterfaceAddresses: false)
        let target = sandbox.root + "/download"
        let error = await #expect(throws: CoprRPMBuildError.self) {
            try await Self.downloader(rule).download("\(mirror.baseURL)/leak.txt", to: target, retry: Self.retry)
        }
        #expect("\(try #require(error))".contains("Refusing URL '\(secret)': the address 127.0.0.1 is in the forbidden network 127.0.0.1/32"))
        #expect(try String(contentsOfFile: target, encoding: .utf8).isEmpty)

        try await Self.downloader(rule).download("\(mirror.baseURL)/moved.txt", to: target, retry: Self.retry)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "public\n")
    }

    @Test("the task's own upload may be on loopback; nothing it redirects to, and no other URL, may")
    func uploadException() async throws {
        let sandbox = try await BuilderSandbox.make()
        defer { sandbox.tearDown() }
        let upload = try sandbox.serve("uploads/hello.spec", text: "Name: uploaded\n")
        let frontend = try await StaticFileServer.start(root: sandbox.served, redirects: [
            "/uploads/elsewhere.spec": "http://127.0.0.2:1/hello.spec",
        ])
        defer { frontend.stop() }
        let target = sandbox.root + "/download.spec"
        let downloader = Self.downloader()
        try await downloader.download(upload, to: target, retry: Self.retry, check: .afterFirstHop)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "Name: uploaded\n")

        let link = await #expect(throws: CoprRPMBuildError.self) {
            try await downloader.download(upload, to: target, retry: Self.retry, check: .everyHop)
        }
        #expect("\(try #require(link))".contains("the address 127.0.0.1 is in the forbidden network 127.0.0.0/8"))
        let redirected = await #expect(throws: CoprRPMBuildError.self) {
            try await downloader.download("\(frontend.baseURL)/uploads/elsewhere.spec", to: target, retry: Self.retry, check: .afterFirstHop)
        }
        #expect("\(try #require(redirected))".contains("Refusing URL 'http://127.0.0.2:1/hello.spec'"))
    }

    @Test("only an upload task (source type 2) gets the exception, and only for its own URL")
    func exceptionOnlyForUploads() throws {
        let context = BuildContext(config: BuilderConfig(), logger: Logger(label: "url-policy-test"))
        let selector = SourceProviderSelector(context: context)
        func provider(type: Int, url: String) throws -> any SourceProvider {
            var task = try BuildTask(json: Data(#"{"build_id": 5}"#.utf8))
            task.sourceType = type
            task.source = SourceDescription(url: url)
            return try selector.provider(for: task)
        }
        let upload = "http://127.0.0.1:5007/uploads/0b6e1d3c-5d4e-4a8f-9c1b-2f3a4b5c6d7e/hello.spec"
        #expect((try provider(type: 2, url: upload) as? SpecLinkProvider)?.check == .afterFirstHop)
        #expect((try provider(type: 2, url: "http://127.0.0.1:5007/uploads/x/hello-1-1.src.rpm") as? SRPMLinkProvider)?.check == .afterFirstHop)
        #expect((try provider(type: 1, url: upload) as? SpecLinkProvider)?.check == .everyHop)
        #expect((try provider(type: 1, url: "https://example.org/hello-1-1.src.rpm") as? SRPMLinkProvider)?.check == .everyHop)
    }
}
