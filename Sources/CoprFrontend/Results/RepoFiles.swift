import CoprCore
import Foundation
import Hummingbird

/// Serves the projects' DNF repository files (``RepoFile``):
/// `GET /coprs/<owner>/<project>/repo/<distribution>/<file>.repo`, as text/plain.
///
/// `<distribution>` is one that a chroot of the project belongs to (`fedora-41` for
/// `fedora-41-x86_64`); the file name is free as long as it ends with `.repo` (upstream's
/// is `<owner>-<project>-<distribution>.repo`, dnf4's copr plugin asks for `dnf.repo`).
/// With `?arch=<arch>`, as dnf4's `dnf copr enable` sends it, the project must have the
/// chroot `<distribution>-<arch>`. An unknown project is 404; so is a distribution or
/// chroot the project lacks, with upstream's `Copr-Error-Data` header (base64 of
/// `{"available chroots": [...]}`), from which the plugin tells the user what exists.
///
/// ```swift
/// let repoFiles = RepoFiles(store: store, layout: layout, publicURL: "https://copr.example.org")
/// ```
public struct RepoFiles: FrontendRoutes {
    /// Upstream's header for `dnf copr enable`: what the project has, when it lacks what was asked.
    static let errorDataHeader = HTTPFields.Element.Name("Copr-Error-Data")!

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
        router.get("coprs/:owner/:project/repo/:distribution/:file") { request, context in
            let (owner, name) = (try Self.parameter("owner", context), try Self.parameter("project", context))
            let distribution = try Self.parameter("distribution", context)
            guard try Self.parameter("file", context).hasSuffix(".repo") else { throw HTTPError(.notFound, message: "Repository files end with .repo") }
            let project: Project
            do {
                project = try await store.project(owner: owner, name: name)
            } catch let error as FrontendStoreError {
                throw HTTPError(.notFound, message: error.description)
            }
            let wanted = request.uri.queryParameters.get("arch").map { "\(distribution)-\($0)" }
            guard wanted.map(project.chroots.contains) ?? RepoFile.distributions(of: project).contains(distribution) else {
                throw Self.missingChroot(TaskRules.quoted(wanted ?? distribution), in: project)
            }
            let dependencies = try await RuntimeDependency.resolve(project) { owner, name in
                do {
                    return try await store.project(owner: owner, name: name)
                } catch FrontendStoreError.projectNotFound {
                    return nil
                }
            }
            let repoFile = RepoFile(project: project, distribution: distribution, host: host, layout: layout, dependencies: dependencies)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: repoFile.text)))
        }
    }

    /// The 404 for a distribution or chroot `project` lacks, naming the chroots it has in
    /// the message and in the `Copr-Error-Data` header dnf4's copr plugin reads.
    private static func missingChroot(_ quotedName: String, in project: Project) -> HTTPError {
        let data: JSONValue = ["available chroots": .array(project.chroots.map(JSONValue.string))]
        let encoded = ((try? data.encoded()) ?? Data()).base64EncodedString()
        return HTTPError(
            .notFound, headers: [errorDataHeader: encoded],
            message: "Project \(project.fullName) has no chroot of \(quotedName); it has \(project.chroots.joined(separator: ", "))")
    }

    /// A path parameter without its percent-encoding (an owner `@team` may come as `%40team`).
    private static func parameter(_ name: String, _ context: FrontendRequestContext) throws -> String {
        guard let value = try context.parameters.require(name).removingPercentEncoding else { throw HTTPError(.notFound) }
        return value
    }
}
