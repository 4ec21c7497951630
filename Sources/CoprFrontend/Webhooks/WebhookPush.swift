import CoprCore

/// One push to a git forge as a webhook reports it, whatever the forge: the URLs the
/// repository is cloned by, the branch or tag pushed, the commit it now points at, and the
/// files the pushed commits changed. ``WebhookMatch`` decides from it which packages to
/// rebuild; the parsers below read each forge's documented payload fields into it.
public struct WebhookPush: Sendable, Equatable {
    /// What a push moved: a branch or a tag, by its short name (`main`, `hello-1.0-1`).
    public enum Ref: Sendable, Equatable {
        case branch(String)
        case tag(String)
    }

    /// The repository's clone and web URLs (any of them may be a package's clone URL).
    public var cloneURLs: [String]
    public var ref: Ref
    /// The commit the ref points at after the push.
    public var commit: String
    /// The paths the pushed commits added, modified or removed.
    public var changedFiles: [String]

    public init(cloneURLs: [String], ref: Ref, commit: String, changedFiles: [String]) {
        self.cloneURLs = cloneURLs
        self.ref = ref
        self.commit = commit
        self.changedFiles = changedFiles
    }

    /// Whether the push deleted its ref (the forges send the all-zero commit then):
    /// nothing is left to build.
    public var deletesRef: Bool { commit.allSatisfy { $0 == "0" } }

    /// A GitHub `push` event, also what Gitea and Forgejo send: `ref` (`refs/heads/…` or
    /// `refs/tags/…`), `after`, `repository.clone_url` (and `html_url`), `commits[]` with
    /// `added`, `modified`, `removed`.
    public static func github(_ payload: JSONValue) throws(InvalidField) -> WebhookPush {
        let repository = try object(payload, "repository")
        let cloneURL = try string(repository, "clone_url", in: "repository")
        let web = repository["html_url"]?.stringValue
        return WebhookPush(
            cloneURLs: [cloneURL] + (web.map { [$0] } ?? []), ref: try ref(try string(payload, "ref")),
            commit: try string(payload, "after"), changedFiles: try changedFiles(payload))
    }

    /// A GitLab `Push Hook` or `Tag Push Hook`: `ref`, `after` (for a tag, `checkout_sha`
    /// when given), `project.git_http_url` (and `web_url`), `commits[]` with `added`,
    /// `modified`, `removed`.
    public static func gitlab(_ payload: JSONValue) throws(InvalidField) -> WebhookPush {
        let project = try object(payload, "project")
        let cloneURL = try string(project, "git_http_url", in: "project")
        let web = project["web_url"]?.stringValue
        var commit = try string(payload, "after")
        if let checkout = payload["checkout_sha"]?.stringValue, !checkout.isEmpty { commit = checkout }
        return WebhookPush(
            cloneURLs: [cloneURL] + (web.map { [$0] } ?? []), ref: try ref(try string(payload, "ref")),
            commit: commit, changedFiles: try changedFiles(payload))
    }

    // MARK: Fields

    /// `refs/heads/<branch>` or `refs/tags/<tag>`.
    private static func ref(_ text: String) throws(InvalidField) -> Ref {
        if text.hasPrefix("refs/heads/"), text.count > 11 { return .branch(String(text.dropFirst(11))) }
        if text.hasPrefix("refs/tags/"), text.count > 10 { return .tag(String(text.dropFirst(10))) }
        throw InvalidField(field: "ref", reason: "expected refs/heads/<branch> or refs/tags/<tag>, found \(TaskRules.quoted(text))")
    }

    private static func changedFiles(_ payload: JSONValue) throws(InvalidField) -> [String] {
        guard let commits = payload["commits"], commits != .null else { return [] }
        guard let list = commits.arrayValue else { throw InvalidField(field: "commits", reason: "expected a list of commits") }
        var files: [String] = []
        for commit in list {
            for key in ["added", "modified", "removed"] {
                guard let paths = commit[key], paths != .null else { continue }
                guard let array = paths.arrayValue else { throw InvalidField(field: "commits[].\(key)", reason: "expected a list of paths") }
                files += array.compactMap(\.stringValue)
            }
        }
        return files
    }

    private static func object(_ payload: JSONValue, _ key: String) throws(InvalidField) -> JSONValue {
        guard let value = payload[key], value.objectValue != nil else {
            throw InvalidField(field: key, reason: "it is missing; a push event names its repository")
        }
        return value
    }

    private static func string(_ payload: JSONValue, _ key: String, in parent: String? = nil) throws(InvalidField) -> String {
        let field = parent.map { "\($0).\(key)" } ?? key
        guard let value = payload[key]?.stringValue, !value.isEmpty else {
            throw InvalidField(field: field, reason: "it is missing or not a string")
        }
        return value
    }
}
