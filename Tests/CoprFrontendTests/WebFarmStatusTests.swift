import CoprCore
@testable import CoprFrontend
import Foundation
import HummingbirdTesting
import Testing

/// The status page with the daemon's farm (a fake ``FarmStatusSource``) and without one,
/// and the webhook URLs a project's page shows to those who may edit it.
@Suite("Embedded frontend: the farm status page and the project owners' webhooks", .timeLimit(.minutes(3)))
struct WebFarmStatusTests {
    static let hostile = WebPageTests.hostile
    static let publicURL = WebTestApp.publicURL

    struct FakeFarm: FarmStatusSource {
        let farm: FarmSnapshot?
        func snapshot() async -> FarmSnapshot? { farm }
    }

    static let started = Date(timeIntervalSince1970: 1_700_000_000)

    static let snapshot = FarmSnapshot(
        running: [
            .init(taskID: "12-fedora-41-x86_64", phase: "building", host: "builder-\(hostile)", attempt: 2, startedOn: started),
            .init(taskID: "13", phase: "allocating-host", host: nil, attempt: 1, startedOn: started),
        ],
        queue: [
            .init(taskID: "14-epel-9-aarch64", priority: 5, reason: .init(limit: "builds_max_workers", count: 4, max: 4)),
            .init(taskID: "15", priority: 0, reason: nil),
        ],
        builders: [
            .init(name: "local", address: "localhost", tags: [], slots: 1, busy: 1, local: true),
            .init(name: "arm-\(hostile)", address: "10.0.0.2", tags: ["aarch64", "big"], slots: 4, busy: 0, local: false),
        ],
        recentFailures: [
            .init(taskID: "11-fedora-41-x86_64", kind: "infrastructure", reason: "ssh: \(hostile)", builder: "arm", endedOn: started),
            .init(taskID: "not-a-task-<b>", kind: "build", reason: "exit 1", builder: nil, endedOn: started),
        ],
        backlog: .init(count: 3, oldest: started),
        actions: .init(waiting: 1, running: [7, 8], unreported: 0))

    /// Runs `body` with the web pages and the sign-in routes over one store.
    static func run(
        farm: (any FarmStatusSource)?, _ body: @escaping @Sendable (any TestClientProtocol, FrontendStore) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { directory in
            let layout = ResultsLayout(destdir: directory + "/results", baseURL: "\(publicURL)/results")
            try await FrontendRouterTest.run(in: directory) { store in
                WebTestApp.parts(store: store, layout: layout, directory: directory, farm: farm)
            } body: { client, store in
                try await body(client, store)
            }
        }
    }

    @Test("the status page shows what runs where, what waits and why, the builders' slots, failures, backlog and actions, escaped")
    func farmPage() async throws {
        try await Self.run(farm: FakeFarm(farm: Self.snapshot)) { client, _ in
            let page = try await client.send("GET", "/status/")
            #expect(page.status == 200)
            let text = page.text
            #expect(!text.contains("<script>alert"))
            #expect(!text.contains("not-a-task-<b>"))
            let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"
            #expect(text.contains(
                #"<tr><th scope="row"><a href="/coprs/build/12/">12-fedora-41-x86_64</a></th><td>building</td><td>builder-\#(escaped)</td><td>2</td><td>2023-11-14 22:13:20 UTC</td>"#),
                "\(text)")
            #expect(text.contains(#"<a href="/coprs/build/13/">13</a></th><td>allocating-host</td><td>none yet</td>"#))
            #expect(text.contains(#"<a href="/coprs/build/14/">14-epel-9-aarch64</a></th><td>5</td><td>waits for builds_max_workers 4/4</td>"#))
            #expect(text.contains(#"<a href="/coprs/build/15/">15</a></th><td>0</td><td>not considered yet</td>"#))
            #expect(text.contains(#"<tr><th scope="row">local</th><td>this machine</td><td>localhost</td><td></td><td>1/1 busy</td></tr>"#))
            #expect(text.contains(#"<tr><th scope="row">arm-\#(escaped)</th><td>SSH</td><td>10.0.0.2</td><td>aarch64, big</td><td>0/4 busy</td></tr>"#))
            #expect(text.contains(#"<a href="/coprs/build/11/">11-fedora-41-x86_64</a></th><td>infrastructure</td><td>arm</td><td>ssh: \#(escaped)</td>"#))
            // A task id that names no build is shown, escaped, without a link.
            #expect(text.contains(#"<th scope="row">not-a-task-&lt;b&gt;</th><td>build</td><td>none</td>"#))
            #expect(text.contains("Events waiting for the message buses: 3 events, the oldest from 2023-11-14 22:13:20 UTC."))
            #expect(text.contains("Actions: 1 waiting, 2 running (7, 8), 0 not yet reported."))
            #expect(text.components(separatedBy: "<caption>").count == 5)
            #expect(!text.contains("not available here"))
        }
    }

    @Test("an idle farm says so; without a daemon the page says its status is not available and shows the store's builds")
    func idleAndNoDaemon() async throws {
        let idle = FarmSnapshot(running: [], queue: [], builders: [], recentFailures: [], backlog: nil, actions: nil)
        try await Self.run(farm: FakeFarm(farm: idle)) { client, _ in
            let text = try await client.send("GET", "/status/").text
            #expect(text.contains("No build is running."))
            #expect(text.contains("No task waits for a worker."))
            #expect(text.contains("No static builders"))
            #expect(text.contains("No build failed lately."))
            #expect(text.contains("no message buses configured"))
            #expect(!text.contains("<caption>"))
        }
        try await Self.run(farm: nil) { client, _ in
            let text = try await client.send("GET", "/status/").text
            #expect(text.contains("The daemon&#39;s status is not available here") || text.contains("The daemon's status is not available here"))
            #expect(text.contains("Nothing is building."))
            #expect(!text.contains(#"<h2 id="running">"#))
        }
        try await Self.run(farm: FakeFarm(farm: nil)) { client, _ in
            let text = try await client.send("GET", "/status/").text
            #expect(text.contains("status is not available here"))
        }
    }

    @Test("a project's page shows its webhook URLs to its owner only: not to anonymous readers, nor to another user")
    func webhooksForOwners() async throws {
        try await Self.run(farm: nil) { client, store in
            try await store.addUser("alice")
            try await store.addUser("bob")
            let project = try await store.createProject(NewProject(owner: "alice", name: "hello", chroots: WebTestApp.chroots))
            let hook = "\(Self.publicURL)/webhooks/github/\(project.id)/\(project.webhookSecret)/"
            #expect(!project.webhookSecret.isEmpty)

            let anonymous = try await client.send("GET", "/coprs/alice/hello/")
            #expect(anonymous.status == 200)
            #expect(!anonymous.text.contains(project.webhookSecret))
            #expect(!anonymous.text.contains(#"<h2 id="webhooks">"#))

            let bob = try await Self.signIn("bob", client, store)
            let asBob = try await client.send("GET", "/coprs/alice/hello/", headers: bob.headers)
            #expect(asBob.text.contains("<span>bob ·</span>"), "the page knows bob")
            #expect(!asBob.text.contains(project.webhookSecret))

            let alice = try await Self.signIn("alice", client, store)
            let asAlice = try await client.send("GET", "/coprs/alice/hello/", headers: alice.headers)
            #expect(asAlice.text.contains(#"<h2 id="webhooks">Webhooks</h2>"#), "\(asAlice.text)")
            #expect(asAlice.text.contains("<dt>github</dt><dd><code>\(hook)</code></dd>"))
            #expect(asAlice.text.contains("/webhooks/custom/\(project.id)/\(project.webhookSecret)/&lt;package&gt;/"))
        }
    }

    /// Signs `login` in through the sign-in form; the browser holding its session.
    static func signIn(_ login: String, _ client: any TestClientProtocol, _ store: FrontendStore) async throws -> WebSignInTests.Browser {
        let token = try await store.issueToken(for: login, lifetime: 86_400)
        var browser = WebSignInTests.Browser()
        let form = try await client.send("GET", "/login", headers: browser.headers)
        browser.keep(form)
        let signedIn = try await client.send("POST", "/login", headers: browser.headers, body: WebSignInTests.form([
            ("login", token.id), ("token", token.secret), ("csrf_token", try WebSignInTests.csrf(in: form))]))
        #expect(signedIn.status == 303)
        browser.keep(signedIn)
        return browser
    }
}
