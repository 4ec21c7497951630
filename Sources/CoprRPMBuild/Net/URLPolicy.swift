import Foundation

/// Decides which URLs from a task may be fetched: `http` and `https` anywhere, `file`
/// only for files inside the builder's workspace (so a task cannot read the builder's own
/// files), nothing else.
public struct URLPolicy: Sendable {
    /// What a permitted URL refers to.
    public enum Target: Sendable, Equatable {
        case http(String)
        case localFile(String)
    }

    /// The directory `file://` URLs must stay in.
    public let workspace: String

    public init(workspace: String) { self.workspace = workspace }

    /// Classifies `url` or throws ``CoprRPMBuildError/forbiddenURL(url:reason:)``.
    public func check(_ url: String) throws -> Target {
        guard url.count <= 4096, !url.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } == true }),
              let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw CoprRPMBuildError.forbiddenURL(url: TaskValidator.printable(url), reason: "it is not a valid URL")
        }
        switch scheme {
        case "http", "https":
            guard parsed.host?.isEmpty == false else {
                throw CoprRPMBuildError.forbiddenURL(url: url, reason: "it has no host")
            }
            return .http(url)
        case "file":
            let path = PathSafety.canonical(parsed.path)
            guard PathSafety.isInside(path, base: PathSafety.canonical(workspace)) else {
                throw CoprRPMBuildError.forbiddenURL(
                    url: url, reason: "file:// URLs may only point inside the builder workspace \(workspace)")
            }
            return .localFile(path)
        default:
            throw CoprRPMBuildError.forbiddenURL(url: url, reason: "only http, https and (inside the workspace) file URLs are allowed")
        }
    }
}
