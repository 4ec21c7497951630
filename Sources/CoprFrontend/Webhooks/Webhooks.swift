import CoprCore
import Foundation
import Hummingbird
import Logging

/// Copr's incoming webhooks: a git forge posts each push to a project's webhook URL, and
/// the packages that push belongs to (``WebhookMatch``) are rebuilt through the user API's
/// package builds, at the pushed commit or tag. The URL's secret is the credential (no
/// API token is read); an unknown project and a wrong secret are the same 404.
///
/// | Route under `/webhooks/` (POST, trailing `/` optional) | Answer |
/// |---|---|
/// | `github/<project id>/<secret>[/<package>]` (GitHub, Gitea, Forgejo) | `{"builds": [ids]}` |
/// | `gitlab/<project id>/<secret>[/<package>]` | `{"builds": [ids]}` |
/// | `custom/<project id>/<secret>/<package>` | the new build's id and a newline, as text |
///
/// An event that is not a push (GitHub's `ping`) builds nothing (`custom` answers
/// `SKIPPED`); a payload a push lacks a
/// field of is 400 naming the field; a signature (`X-Hub-Signature-256`,
/// `X-Gitea-Signature`, `X-Forgejo-Signature`) or GitLab token (`X-Gitlab-Token`) that does
/// not match the project's secret is 403. Builds are submitted in the name of the
/// project's owner (a group project's in its group's name).
public struct Webhooks: FrontendRoutes {
    let store: FrontendStore
    let actions: UserAPI
    let logger: Logger

    /// - Parameter actions: The user API whose package builds a push submits.
    public init(store: FrontendStore, actions: UserAPI, logger: Logger) {
        self.store = store
        self.actions = actions
        self.logger = logger
    }

    /// The event headers of the forges that send GitHub's payloads.
    static let githubEvents = ["X-GitHub-Event", "X-Gitea-Event", "X-Forgejo-Event", "X-Gogs-Event"]
    /// Their signature headers: HMAC-SHA256 of the body keyed with the secret.
    static let githubSignatures = ["X-Hub-Signature-256", "X-Gitea-Signature", "X-Forgejo-Signature"]

    public func register(on router: Router<FrontendRequestContext>) {
        let routes = RouteCollection(context: FrontendRequestContext.self)
        routes.add(middleware: UserAPIErrorMiddleware(logger: logger))
        for path: RouterPath in ["github/:id/:secret", "github/:id/:secret/:package"] {
            routes.post(path) { request, context in
                let hook = try await received(request, context)
                for name in Self.githubSignatures {
                    guard let signature = Self.header(name, request) else { continue }
                    guard WebhookSecret.signatureIsValid(signature, body: hook.body, secret: hook.project.webhookSecret) else {
                        throw UserAPIError(.forbidden, "The \(name) signature does not match the project's webhook secret")
                    }
                }
                let event = Self.githubEvents.lazy.compactMap { Self.header($0, request) }.first ?? "push"
                guard event == "push" else { return Self.built([]) }
                return Self.built(try await rebuild(try WebhookPush.github(try UserAPI.json(hook.body)), hook))
            }
        }
        for path: RouterPath in ["gitlab/:id/:secret", "gitlab/:id/:secret/:package"] {
            routes.post(path) { request, context in
                let hook = try await received(request, context)
                if let token = Self.header("X-Gitlab-Token", request), !WebhookSecret.matches(token, hook.project.webhookSecret) {
                    throw UserAPIError(.forbidden, "The X-Gitlab-Token does not match the project's webhook secret")
                }
                let payload = try UserAPI.json(hook.body)
                let event = Self.header("X-Gitlab-Event", request) ?? payload["object_kind"]?.stringValue ?? ""
                guard ["Push Hook", "Tag Push Hook", "push", "tag_push"].contains(event) else { return Self.built([]) }
                return Self.built(try await rebuild(try WebhookPush.gitlab(payload), hook))
            }
        }
        routes.post("custom/:id/:secret/:package") { request, context in
            let hook = try await received(request, context)
            if Self.githubEvents.contains(where: { Self.header($0, request) == "ping" }) { return Self.text("SKIPPED\n") }
            guard let name = hook.packageName, let package = hook.packages.first(where: { $0.name == name }) else {
                throw FrontendStoreError.packageNotFound(hook.packageName ?? "", project: hook.project.fullName)
            }
            let build = try await build(package, at: nil, hook.project)
            return Self.text("\(build)\n")
        }
        router.addRoutes(routes, atPath: "webhooks")
    }

    /// The URLs a forge is given for `project`, below `publicURL`; `custom` ends in the
    /// package's name.
    static func urls(of project: Project, publicURL: String) -> [String: String] {
        let base = "\(publicURL)/webhooks"
        let tail = "\(project.id)/\(project.webhookSecret)/"
        return ["github": "\(base)/github/\(tail)", "gitlab": "\(base)/gitlab/\(tail)", "custom": "\(base)/custom/\(tail)<package>/"]
    }

    // MARK: Steps

    /// A webhook call: its project (once the secret matched) with its packages, the package
    /// the URL names, and the body as it came (bounded as the user API's JSON bodies).
    private struct Hook {
        let project: Project
        let packages: [Package]
        let packageName: String?
        let body: Data
    }

    private func received(_ request: Request, _ context: FrontendRequestContext) async throws -> Hook {
        let secret = try context.parameters.require("secret")
        guard let id = Int(try context.parameters.require("id")), let found = try await store.webhookProject(id: id, secret: secret) else {
            throw UserAPIError(.notFound, "No such webhook: check the project id and secret of the URL")
        }
        let packageName = try context.parameters.get("package").map { try TaskRules.packageName($0, field: "package") }
        return Hook(project: found.project, packages: found.packages, packageName: packageName, body: try await UserAPI.bytes(of: request))
    }

    /// Builds each package `push` rebuilds; returns the build ids.
    private func rebuild(_ push: WebhookPush, _ hook: Hook) async throws -> [Int] {
        var built: [Int] = []
        for match in WebhookMatch.rebuilds(push, of: hook.packages, named: hook.packageName) {
            built.append(try await build(match.package, at: match.committish, hook.project))
        }
        return built
    }

    /// Submits a build of `package` as a user's `build-package` does, its source at
    /// `committish` (nil: as the package has it); returns the build id.
    private func build(_ package: Package, at committish: String?, _ project: Project) async throws -> Int {
        let owner = project.owner.hasPrefix("@") ? String(project.owner.dropFirst()) : project.owner
        let overview = try await actions.buildPackage(owner: project.owner, project: project.name, name: package.name, by: Account(login: owner)) { source in
            var source = source
            if let committish, case .git(let cloneURL, _, let subdirectory, let spec) = source {
                source = .git(cloneURL: cloneURL, committish: committish, subdirectory: subdirectory, spec: spec)
            }
            return BuildSubmission(owner: project.owner, project: project.name, submitter: owner, source: source)
        }
        logger.info("Webhook of \(project.fullName) submitted build \(overview.build.id) of package \(package.name)")
        return overview.build.id
    }

    private static func header(_ name: String, _ request: Request) -> String? {
        HTTPFields.Element.Name(name).flatMap { request.headers[$0] }
    }

    private static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func built(_ ids: [Int]) -> Response {
        UserAPI.json(["builds": .array(ids.map(JSONValue.int))])
    }
}
