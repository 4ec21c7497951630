import CoprCore
import Foundation
import Hummingbird

/// Serves the projects' DNF repository files (``RepoFile``):
/// `GET /coprs/<owner>/<project>/repo/<distribution>/<file>.repo`, as text/plain.
///
/// `<distribution>` is one that a chroot of the project belongs to (`fedora-41` for
/// `fedora-41-x86_64`); the file name is free as long as it ends with `.repo` (upstream's
/// is `<owner>-<project>-<distribution>.repo`). An unknown project or distribution: 404.
///
/// ```swift
/// let repoFiles = RepoFiles(store: store, layout: layout, publicURL: "https://copr.example.org")
/// ```
public struct RepoFiles: FrontendRoutes {
    private let store: FrontendStore
    private let layout: ResultsLayout
    private let host: String

    /// - Parameter publicURL: The URL users reach the frontend at (`[frontend] public_url`);
    ///   its host names the repositories.
    public init(store: FrontendStore, layout: ResultsLayout, publicURL: String) {
        self.store = store
        self.layout = layout
        host = RepoFile.host(ofPublicURL: publicURL)
    }

    public func register(on router: Router<FrontendRequestContext>) {
        router.get("coprs/:owner/:project/repo/:distribution/:file") { _, context in
            let (owner, name) = (try Self.parameter("owner", context), try Self.parameter("project", context))
            let distribution = try Self.parameter("distribution", context)
            guard try Self.parameter("file", context).hasSuffix(".repo") else { throw HTTPError(.notFound, message: "Repository files end with .repo") }
            let project: Project
            do {
                project = try await store.project(owner: owner, name: name)
            } catch let error as FrontendStoreError {
                throw HTTPError(.notFound, message: error.description)
            }
            guard RepoFile.distributions(of: project).contains(distribution) else {
                throw HTTPError(.notFound, message: "Project \(project.fullName) has no chroot of \(TaskRules.quoted(distribution))")
            }
            let repoFile = RepoFile(project: project, distribution: distribution, host: host, layout: layout)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: repoFile.text)))
        }
    }

    /// A path parameter without its percent-encoding (an owner `@team` may come as `%40team`).
    private static func parameter(_ name: String, _ context: FrontendRequestContext) throws -> String {
        guard let value = try context.parameters.require(name).removingPercentEncoding else { throw HTTPError(.notFound) }
        return value
    }
}
