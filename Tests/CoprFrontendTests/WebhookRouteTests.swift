import CoprCore
import CoprFrontend
import Crypto
import Foundation
import Hummingbird
import Testing

/// The webhook routes a forge posts to: the URL's project id and secret are the only
/// credential, a push rebuilds exactly the packages it belongs to at the pushed commit,
/// and everything else (another event, a push that matches nothing) builds nothing.
@Suite("Embedded frontend: incoming webhooks of GitHub, Gitea/Forgejo, GitLab and custom ones", .timeLimit(.minutes(3)))
struct WebhookRouteTests {
    typealias Server = UserAPITestApp
    typealias Fixtures = WebhookFixtures

    /// Creates `jdoe/hello` with packages `hello` (GitHub, `main`, rebuilt by webhooks),
    /// `hello-docs` (same repository, subdirectory `docs`), `manual` (same repository,
    /// webhooks off) and `lab` (GitLab); returns the project.
    static func project(_ frontend: Server) async throws -> Project {
        try await frontend.createProject()
        let packages: [(String, JSONValue, Bool)] = [
            ("hello", ["type": "git", "clone_url": "https://github.com/octo/hello", "committish": "main"], true),
            ("hello-docs", ["type": "git", "clone_url": "https://github.com/octo/hello.git", "subdirectory": "docs"], true),
            ("manual", ["type": "git", "clone_url": "https://github.com/octo/hello.git"], false),
            ("lab", ["type": "git", "clone_url": "https://gitlab.com/jsmith/hello.git", "committish": "main"], true),
        ]
        for (name, source, rebuild) in packages {
            let added = try await frontend.api("POST", "projects/jdoe/hello/packages", json: ["name": .string(name), "source": source, "webhook_rebuild": .bool(rebuild)])
            guard added.status == 201 else { throw FixtureError("adding \(name) answered \(added.status): \(added.text)") }
        }
        return try await frontend.store.project(owner: "jdoe", name: "hello")
    }

    static func post(
        _ frontend: Server, _ path: String, _ payload: JSONValue, headers: HTTPFields = [:]
    ) async throws -> TestAnswer {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await frontend.post(path, headers: headers, body: try payload.encoded())
    }

    static func github(_ event: String) -> HTTPFields {
        [HTTPFields.Element.Name("X-GitHub-Event")!: event]
    }

    @Test("a GitHub push rebuilds exactly the package of that repository and branch, at the pushed commit, without a token")
    func githubPush() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let answer = try await Self.post(
                frontend, "/webhooks/github/\(project.id)/\(project.webhookSecret)/", Fixtures.github(), headers: Self.github("push"))
            #expect(answer.status == 200, "\(answer.text)")
            let id = try #require(answer.json?["builds"]?.arrayValue?.first?.intValue, "\(answer.text)")
            #expect(answer.json?["builds"]?.arrayValue?.count == 1)
            let build = try await frontend.store.build(id: id).build
            #expect(build.packageName == "hello")
            #expect(build.source == .git(cloneURL: "https://github.com/octo/hello", committish: Fixtures.commit, subdirectory: ""))
            #expect(build.submitter == "jdoe")

            let docs = try await Self.post(
                frontend, "/webhooks/github/\(project.id)/\(project.webhookSecret)", Fixtures.github(ref: "refs/heads/devel", files: ["docs/index.md"]))
            let docsID = try #require(docs.json?["builds"]?.arrayValue?.first?.intValue, "\(docs.text)")
            #expect(try await frontend.store.build(id: docsID).build.packageName == "hello-docs")
        }
    }

    @Test("a wrong secret and an unknown project are the same 404; a wrong signature is 403; a right one builds")
    func credentials() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let wrong = try await Self.post(frontend, "/webhooks/github/\(project.id)/not-the-secret/", Fixtures.github())
            let unknown = try await Self.post(frontend, "/webhooks/github/\(project.id + 1)/\(project.webhookSecret)/", Fixtures.github())
            #expect(wrong.status == 404)
            #expect(unknown.status == 404)
            #expect(wrong.text == unknown.text)

            let body = try Fixtures.github().encoded()
            let key = SymmetricKey(data: Data(project.webhookSecret.utf8))
            let right = HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
            let forged = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("guess".utf8))).map { String(format: "%02x", $0) }.joined()
            let path = "/webhooks/github/\(project.id)/\(project.webhookSecret)/"
            var headers = Self.github("push")
            headers[.contentType] = "application/json"
            headers[HTTPFields.Element.Name("X-Hub-Signature-256")!] = "sha256=\(forged)"
            let refused = try await frontend.post(path, headers: headers, body: body)
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").isEmpty)
            headers[HTTPFields.Element.Name("X-Hub-Signature-256")!] = "sha256=\(right)"
            let signed = try await frontend.post(path, headers: headers, body: body)
            #expect(signed.json?["builds"]?.arrayValue?.count == 1, "\(signed.text)")
        }
    }

    @Test("a ping, a push that matches nothing and a malformed payload build nothing; the last is 400 naming the field")
    func nothingBuilt() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let path = "/webhooks/github/\(project.id)/\(project.webhookSecret)/"
            let ping = try await Self.post(frontend, path, Fixtures.githubPing, headers: Self.github("ping"))
            #expect(ping.status == 200)
            #expect(ping.json == ["builds": []])
            let other = try await Self.post(frontend, path, Fixtures.github(cloneURL: "https://github.com/octo/other.git"))
            #expect(other.status == 200)
            #expect(other.json == ["builds": []])
            let malformed = try await Self.post(frontend, path, ["ref": "refs/heads/main", "after": "abc"], headers: Self.github("push"))
            #expect(malformed.status == 400)
            #expect(malformed.text.contains("repository"), "\(malformed.text)")
            let notJSON = try await frontend.post(path, headers: Self.github("push"), body: Data("payload=%7B%7D".utf8))
            #expect(notJSON.status == 400)
            #expect(try await frontend.store.builds(owner: "jdoe", project: "hello").isEmpty)
        }
    }

    @Test("Gitea and Forgejo pushes are read on the GitHub route; their other events build nothing")
    func gitea() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            _ = try await frontend.api("POST", "projects/jdoe/hello/packages", json: [
                "name": "berg", "webhook_rebuild": true,
                "source": ["type": "git", "clone_url": "https://codeberg.org/octo/hello", "subdirectory": "rpm"],
            ])
            let path = "/webhooks/github/\(project.id)/\(project.webhookSecret)/"
            let pushed = try await Self.post(frontend, path, Fixtures.gitea, headers: [HTTPFields.Element.Name("X-Forgejo-Event")!: "push"])
            let id = try #require(pushed.json?["builds"]?.arrayValue?.first?.intValue, "\(pushed.text)")
            #expect(try await frontend.store.build(id: id).build.packageName == "berg")
            let issue = try await Self.post(frontend, path, Fixtures.gitea, headers: [HTTPFields.Element.Name("X-Gitea-Event")!: "issues"])
            #expect(issue.json == ["builds": []])
        }
    }

    @Test("a GitLab push rebuilds at the commit, a tag push at the tag; a wrong X-Gitlab-Token is 403")
    func gitlab() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let path = "/webhooks/gitlab/\(project.id)/\(project.webhookSecret)/"
            let event = HTTPFields.Element.Name("X-Gitlab-Event")!
            let pushed = try await Self.post(frontend, path, Fixtures.gitlabPush(), headers: [event: "Push Hook"])
            let id = try #require(pushed.json?["builds"]?.arrayValue?.first?.intValue, "\(pushed.text)")
            #expect(try await frontend.store.build(id: id).build.source == .git(cloneURL: "https://gitlab.com/jsmith/hello.git", committish: Fixtures.commit, subdirectory: ""))

            let tagged = try await Self.post(frontend, path, Fixtures.gitlabTag("lab-1.0-1"), headers: [event: "Tag Push Hook"])
            let tagID = try #require(tagged.json?["builds"]?.arrayValue?.first?.intValue, "\(tagged.text)")
            #expect(try await frontend.store.build(id: tagID).build.source == .git(cloneURL: "https://gitlab.com/jsmith/hello.git", committish: "lab-1.0-1", subdirectory: ""))

            let token = try await Self.post(frontend, path, Fixtures.gitlabPush(), headers: [event: "Push Hook", HTTPFields.Element.Name("X-Gitlab-Token")!: "guess"])
            #expect(token.status == 403)
            let note = try await Self.post(frontend, path, ["object_kind": "note"], headers: [event: "Note Hook"])
            #expect(note.json == ["builds": []])
        }
    }

    @Test("a custom webhook builds its package from the default source and answers the build id; an unknown package is 404")
    func custom() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let built = try await frontend.post("/webhooks/custom/\(project.id)/\(project.webhookSecret)/manual/", body: Data())
            #expect(built.status == 200, "\(built.text)")
            let id = try #require(Int(built.text.trimmingCharacters(in: .newlines)), "\(built.text)")
            let build = try await frontend.store.build(id: id).build
            #expect(build.packageName == "manual")
            #expect(build.source == .git(cloneURL: "https://github.com/octo/hello.git", committish: "", subdirectory: ""))
            #expect(try await frontend.post("/webhooks/custom/\(project.id)/\(project.webhookSecret)/nothing/", body: Data()).status == 404)
            #expect(try await frontend.post("/webhooks/custom/\(project.id)/wrong/manual/", body: Data()).status == 404)
        }
    }

    @Test("copr-cli new-webhook-secret and the user API replace the secret: the old URL is 404, the new one builds; a stranger is refused")
    func newSecret() async throws {
        try await Server.run { frontend in
            let old = try await Self.project(frontend)
            let stranger = try await frontend.user("mallory")
            #expect(try await frontend.v3("POST", "webhook/generate/jdoe/hello", as: .token(stranger)).status == 403)
            let generated = try await frontend.v3("POST", "webhook/generate/jdoe/hello")
            let secret = try #require(generated.json?["webhook_secret"]?.stringValue, "\(generated.text)")
            #expect(generated.json?["full_name"] == "jdoe/hello")
            #expect(secret != old.webhookSecret)
            #expect(try await Self.post(frontend, "/webhooks/github/\(old.id)/\(old.webhookSecret)/", Fixtures.github()).status == 404)
            let built = try await Self.post(frontend, "/webhooks/github/\(old.id)/\(secret)/", Fixtures.github())
            #expect(built.json?["builds"]?.arrayValue?.count == 1, "\(built.text)")

            let replaced = try await frontend.api("POST", "projects/jdoe/hello/webhook-secret")
            #expect(replaced.status == 200, "\(replaced.text)")
            let newest = try #require(replaced.json?["webhook_secret"]?.stringValue)
            #expect(newest != secret)
            #expect(try await frontend.store.project(owner: "jdoe", name: "hello").webhookSecret == newest)
        }
    }

    @Test("a store from before webhooks gives its existing project a secret of its own that opens its webhook")
    func migratedSecret() async throws {
        try await SourceURLTests.withVersion1Store { store in
            let project = try await store.project(owner: "jdoe", name: "hello")
            #expect(project.webhookSecret.count == 36)
            #expect(try await store.webhookProject(id: project.id, secret: project.webhookSecret)?.project == project)
            #expect(try await store.webhookProject(id: project.id, secret: "") == nil)
        }
    }

    @Test("the project's webhook secret and URLs are shown to those who may edit it, and only to them")
    func shownToEditors() async throws {
        try await Server.run { frontend in
            let project = try await Self.project(frontend)
            let owner = try await frontend.api("GET", "projects/jdoe/hello")
            #expect(owner.json?["webhook_secret"] == .string(project.webhookSecret))
            #expect(owner.json?["webhook_urls"]?["github"] == .string("\(Server.publicURL)/webhooks/github/\(project.id)/\(project.webhookSecret)/"))
            #expect(project.webhookSecret.count == 36)
            let stranger = try await frontend.user("mallory")
            #expect(try await frontend.api("GET", "projects/jdoe/hello", as: .token(stranger)).json?["webhook_secret"] == nil)
            #expect(try await frontend.api("GET", "projects/jdoe/hello", as: .anonymous).json?["webhook_urls"] == nil)
            try await frontend.createProject(name: "other")
            #expect(try await frontend.store.project(owner: "jdoe", name: "other").webhookSecret != project.webhookSecret)
        }
    }
}
