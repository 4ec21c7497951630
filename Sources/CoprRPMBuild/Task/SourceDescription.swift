import CoprCore

/// The parsed `source_json` of an SRPM task, with upstream's field names.
public struct SourceDescription: Sendable, Equatable {
    /// `url`: the link (type 1) or the uploaded file (type 2).
    public var url: String?
    /// `clone_url`: the git repository (type 8).
    public var cloneURL: String?
    /// `committish`: branch, tag or commit to check out; empty means the default branch.
    public var committish: String?
    /// `subdirectory`: where the spec lives inside the repository.
    public var subdirectory: String?
    /// `spec`: the spec file name or path relative to the subdirectory.
    public var spec: String?
    /// `type`: the SCM type; only `git` is supported.
    public var scmType: String?
    /// `srpm_build_method`: how to make the SRPM; only `rpkg` (packed with `rpmbuild -bs`) is supported.
    public var srpmBuildMethod: String?
    /// The PyPI fields (type 5), read when `pypi_package_name` is there: the source, or
    /// why a field has the wrong kind of value. Its values are checked by ``PyPISource/checked()``.
    public var pypi: Result<PyPISource, InvalidField>?

    public init(url: String? = nil, cloneURL: String? = nil, committish: String? = nil,
                subdirectory: String? = nil, spec: String? = nil, scmType: String? = nil,
                srpmBuildMethod: String? = nil) {
        self.url = url
        self.cloneURL = cloneURL
        self.committish = committish
        self.subdirectory = subdirectory
        self.spec = spec
        self.scmType = scmType
        self.srpmBuildMethod = srpmBuildMethod
    }

    /// Reads the fields from the decoded `source_json` object.
    init(json: JSONValue) {
        self.init(url: json["url"]?.text, cloneURL: json["clone_url"]?.text,
                  committish: json["committish"]?.text, subdirectory: json["subdirectory"]?.text,
                  spec: json["spec"]?.text, scmType: json["type"]?.text,
                  srpmBuildMethod: json["srpm_build_method"]?.text)
        if json["pypi_package_name"] != nil {
            pypi = Result { () throws(InvalidField) in try PyPISource(fields: json) }
        }
    }
}
