/// Where the source build of a build gets its SRPM from (upstream's source types).
public enum BuildSource: Sendable, Equatable, Codable {
    /// A `.src.rpm` the user uploaded: the frontend keeps it at `path` and serves it at
    /// `url`, which the builder downloads (source type 2, "upload").
    case uploadedSRPM(path: String, url: String)
    /// A `.src.rpm` on the web (source type 1, "link").
    case srpmURL(String)
    /// A `.spec` on the web; its sources are downloaded next to it (source type 1, "link").
    case specURL(String)
    /// A git repository: the spec is looked for in `subdirectory` at `committish` (empty:
    /// the default branch), the SRPM packed like rpkg (source type 8, "scm").
    case git(cloneURL: String, committish: String, subdirectory: String)
}
