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
    /// The whole object, for sources read by a type of their own (``PyPISource``).
    public var json: JSONValue = .null

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
        self.json = json
    }
}
