import CoprCore

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
    /// A git repository: the spec is `spec` (relative to `subdirectory`), or the only
    /// `.spec` file of `subdirectory` when nil, at `committish` (empty: the default
    /// branch), the SRPM packed like rpkg (source type 8, "scm"). A build stored before
    /// `spec` existed reads as nil.
    case git(cloneURL: String, committish: String, subdirectory: String, spec: String? = nil)
    /// A project on the Python Package Index (source type 5, "pypi"): the builder fetches
    /// its sdist and writes the spec.
    case pypi(PyPISource)
}

extension BuildSource {
    /// The file at `url` on the web: a spec when its name ends with `.spec`, else an SRPM
    /// (as Copr reads the URLs of `copr-cli build`).
    public static func web(_ url: String) -> BuildSource {
        url.hasSuffix(".spec") ? .specURL(url) : .srpmURL(url)
    }

    /// The source with every field checked: URLs of http(s) with a host (an SRPM's or a
    /// spec's path ending as it should), an upload's name as this frontend gives them, a
    /// git revision and subdirectory that cannot become options or leave the checkout, a
    /// PyPI name and version as PyPI spells them.
    public func checked() throws(InvalidField) -> BuildSource {
        switch self {
        case .upload(let name, let url):
            return .upload(name: try UploadName.check(name), url: try TaskRules.webURL(url, field: "upload URL"))
        case .srpmURL(let url):
            return .srpmURL(try TaskRules.webURL(url, field: "SRPM URL", suffixes: [".src.rpm"]))
        case .specURL(let url):
            return .specURL(try TaskRules.webURL(url, field: "spec URL", suffixes: [".spec"]))
        case .git(let cloneURL, let committish, let subdirectory, let spec):
            return .git(
                cloneURL: try TaskRules.webURL(cloneURL, field: "clone URL"),
                committish: try TaskRules.committish(committish), subdirectory: try TaskRules.relativePath(subdirectory),
                spec: try spec.flatMap(Self.checkedSpec))
        case .pypi(let source):
            return .pypi(try source.checked())
        }
    }

    /// A git source's spec path: relative to its subdirectory, inside the checkout, a
    /// `.spec` file; empty means none.
    private static func checkedSpec(_ spec: String) throws(InvalidField) -> String? {
        guard !spec.isEmpty else { return nil }
        guard spec.hasSuffix(".spec") else {
            throw InvalidField(field: "spec", reason: "expected the path of a .spec file in the subdirectory, found \(TaskRules.quoted(spec))")
        }
        return try TaskRules.relativePath(spec, field: "spec")
    }
}
