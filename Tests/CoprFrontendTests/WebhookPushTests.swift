import CoprCore
import CoprFrontend
import Testing

/// What a push is, read from each forge's payload, and which packages it rebuilds at which
/// revision: decisions without a server.
@Suite("Embedded frontend: webhook payloads and which packages a push rebuilds")
struct WebhookPushTests {
    typealias Fixtures = WebhookFixtures

    @Test("GitHub, Gitea/Forgejo and GitLab pushes and GitLab's tag push are read from their documented fields")
    func parsing() throws {
        #expect(try WebhookPush.github(Fixtures.github()) == WebhookPush(
            cloneURLs: ["https://github.com/octo/hello.git", "https://github.com/octo/hello"], ref: .branch("main"),
            commit: Fixtures.commit, changedFiles: ["hello.spec"]))
        #expect(try WebhookPush.github(Fixtures.gitea) == WebhookPush(
            cloneURLs: ["https://codeberg.org/octo/hello.git", "https://codeberg.org/octo/hello"], ref: .branch("devel"),
            commit: Fixtures.commit, changedFiles: ["rpm/hello.spec"]))
        #expect(try WebhookPush.gitlab(Fixtures.gitlabPush()) == WebhookPush(
            cloneURLs: ["https://gitlab.com/jsmith/hello.git", "https://gitlab.com/jsmith/hello"], ref: .branch("main"),
            commit: Fixtures.commit, changedFiles: ["hello.spec"]))
        let tag = try WebhookPush.gitlab(Fixtures.gitlabTag("hello-1.2-3"))
        #expect(tag.ref == .tag("hello-1.2-3"))
        #expect(tag.commit == Fixtures.commit)
        #expect(try WebhookPush.github(Fixtures.github(ref: "refs/tags/v2")).ref == .tag("v2"))
    }

    @Test("a payload without its repository, ref or commit is refused naming the field")
    func malformed() {
        #expect(throws: InvalidField(field: "repository", reason: "it is missing; a push event names its repository")) {
            try WebhookPush.github(["ref": "refs/heads/main", "after": "abc"])
        }
        #expect(throws: InvalidField(field: "ref", reason: "it is missing or not a string")) {
            try WebhookPush.github(Fixtures.githubPing)
        }
        #expect(throws: InvalidField(field: "project.git_http_url", reason: "it is missing or not a string")) {
            try WebhookPush.gitlab(["project": ["id": 1], "ref": "refs/heads/main", "after": "abc"])
        }
        #expect(throws: InvalidField.self) { try WebhookPush.github(Fixtures.github(ref: "main")) }
    }

    static func package(_ name: String, url: String = "https://github.com/octo/hello", committish: String = "", subdirectory: String = "", rebuild: Bool = true) -> Package {
        Package(id: name.count, projectID: 1, name: name, source: .git(cloneURL: url, committish: committish, subdirectory: subdirectory), webhookRebuild: rebuild)
    }

    @Test("a branch push rebuilds the packages of that repository and branch whose subdirectory it changed, at the pushed commit")
    func branches() throws {
        let packages = [
            Self.package("any-branch"), Self.package("main", url: "https://github.com/octo/hello.git/", committish: "main"),
            Self.package("devel", committish: "devel"), Self.package("other-repo", url: "https://github.com/octo/other"),
            Self.package("off", rebuild: false), Self.package("in-rpm", subdirectory: "rpm/"), Self.package("in-top", subdirectory: "./"),
            Self.package("suffix", committish: "ain"),
        ]
        let push = try WebhookPush.github(Fixtures.github(files: ["README", "rpm/hello.spec"]))
        let rebuilt = WebhookMatch.rebuilds(push, of: packages)
        #expect(rebuilt.map(\.package.name) == ["any-branch", "main", "in-rpm", "in-top"])
        #expect(rebuilt.allSatisfy { $0.committish == Fixtures.commit })

        let outside = try WebhookPush.github(Fixtures.github(files: ["README"]))
        #expect(WebhookMatch.rebuilds(outside, of: [Self.package("in-rpm", subdirectory: "rpm")]).isEmpty)
        var deleted = push
        deleted.commit = String(repeating: "0", count: 40)
        #expect(WebhookMatch.rebuilds(deleted, of: packages).isEmpty)
    }

    @Test("a tag push rebuilds the package the tag names with a version, or the one the URL names, at the tag")
    func tags() throws {
        let packages = [Self.package("hello"), Self.package("hello-libs"), Self.package("world")]
        func rebuilt(_ tag: String, named: String? = nil) throws -> [String] {
            let push = try WebhookPush.github(Fixtures.github(ref: "refs/tags/\(tag)"))
            return WebhookMatch.rebuilds(push, of: packages, named: named).map { "\($0.package.name)@\($0.committish)" }
        }
        #expect(try rebuilt("hello-1.2") == ["hello@hello-1.2"])
        #expect(try rebuilt("hello-1.2-3.fc41") == ["hello@hello-1.2-3.fc41"])
        #expect(try rebuilt("hello-libs-2.0") == ["hello-libs@hello-libs-2.0"])
        #expect(try rebuilt("hello-beta").isEmpty)
        #expect(try rebuilt("v1.0", named: "world") == ["world@v1.0"])
    }
}
