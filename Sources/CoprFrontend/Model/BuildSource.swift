/// Where the source build of a build gets its SRPM from (upstream's source types).
public enum BuildSource: Sendable, Equatable, Codable {
    /// A `.src.rpm` or `.spec` the user uploaded for this build (source type 2, "upload"):
    /// the frontend keeps it as `name` (`<UUID>/<file name>` below its upload directory),
    /// records it in the store as this build's own, and serves it at `url`, which the
    /// builder downloads. A spec's sources are downloaded next to it.
    case upload(name: String, url: String)
    /// A `.src.rpm` on the web (source type 1, "link").
    case srpmURL(String)
    /// A `.spec` on the web; its sources are downloaded next to it (source type 1, "link").
    case specURL(String)
    /// A git repository: the spec is looked for in `subdirectory` at `committish` (empty:
    /// the default branch), the SRPM packed like rpkg (source type 8, "scm").
    case git(cloneURL: String, committish: String, subdirectory: String)
}
