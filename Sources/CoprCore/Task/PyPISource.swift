/// A build's source on the Python Package Index (upstream's source type 5, "pypi"): the
/// project, the release (empty for the newest), and upstream's spec generator settings.
/// The one reader and writer of its fields under upstream's names (`pypi_package_name`,
/// `pypi_package_version`, `spec_generator`, `spec_template`, `python_versions`), for
/// Copr's API v3, the user API, the task record's `source_json` and the builder alike.
///
/// ```swift
/// let source = try PyPISource(fields: ["pypi_package_name": "requests"]).checked()
/// source.sourceJSON  // {"pypi_package_name": "requests", "pypi_package_version": null, ...}
/// ```
public struct PyPISource: Sendable, Equatable, Codable {
    /// The project's name on the index.
    public var name: String
    /// The release to build; empty for the newest.
    public var version: String
    /// `pyp2spec` (upstream's default) or `pyp2rpm`.
    public var specGenerator: String
    /// pyp2rpm's template; empty for its default.
    public var specTemplate: String
    /// The Python major versions to build for, as text (`"3"`).
    public var pythonVersions: [String]

    /// The field names, as upstream's clients send them and its `source_json` holds them.
    public static let fieldNames: Set<String> = [
        "pypi_package_name", "pypi_package_version", "spec_generator", "spec_template", "python_versions",
    ]

    public init(name: String, version: String = "", specGenerator: String = "pyp2spec", specTemplate: String = "", pythonVersions: [String] = ["3"]) {
        self.name = name
        self.version = version
        self.specGenerator = specGenerator
        self.specTemplate = specTemplate
        self.pythonVersions = pythonVersions
    }

    /// Reads upstream's fields from `fields`; a field left out or null is `base`'s (a
    /// package edit keeps what it does not change), or the default without a base. Python
    /// versions come as numbers (copr-cli) or text (Copr's form). Only the kinds of values
    /// are checked here; ``checked()`` checks the values.
    public init(fields: JSONValue, base: PyPISource? = nil) throws(InvalidField) {
        guard let name = try Self.text(fields, "pypi_package_name") ?? base?.name else {
            throw InvalidField(field: "pypi_package_name", reason: "it is missing; give the name of the project on PyPI")
        }
        let defaults = base ?? PyPISource(name: name)
        self.init(
            name: name, version: try Self.text(fields, "pypi_package_version") ?? defaults.version,
            specGenerator: try Self.text(fields, "spec_generator") ?? defaults.specGenerator,
            specTemplate: try Self.text(fields, "spec_template") ?? defaults.specTemplate,
            pythonVersions: try Self.versions(fields["python_versions"]) ?? defaults.pythonVersions)
    }

    /// The source with every field checked by the task contract's rules.
    public func checked() throws(InvalidField) -> PyPISource {
        try TaskRules.pypiName(name)
        try TaskRules.pypiVersion(version)
        try TaskRules.choice(specGenerator, TaskRules.pypiSpecGenerators, field: "spec_generator")
        try TaskRules.choice(specTemplate, TaskRules.pypiSpecTemplates, field: "spec_template")
        for version in pythonVersions { try TaskRules.choice(version, TaskRules.pythonVersions, field: "python_versions") }
        return self
    }

    /// The fields as upstream's `source_json` holds them; the newest release is null.
    public var sourceJSON: JSONValue {
        [
            "pypi_package_name": .string(name), "pypi_package_version": version.isEmpty ? .null : .string(version),
            "spec_generator": .string(specGenerator), "spec_template": .string(specTemplate),
            "python_versions": .array(pythonVersions.map(JSONValue.string)),
        ]
    }

    private static func text(_ fields: JSONValue, _ field: String) throws(InvalidField) -> String? {
        switch fields[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw InvalidField(field: field, reason: "expected text, found \(TaskRules.describe(value))")
        }
    }

    /// A list of versions as numbers or text, or nil when left out.
    private static func versions(_ value: JSONValue?) throws(InvalidField) -> [String]? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?:
            var versions: [String] = []
            for item in items {
                guard let version = item.intValue.map(String.init) ?? item.stringValue else {
                    throw InvalidField(field: "python_versions", reason: "expected Python versions such as 3, found \(TaskRules.describe(item))")
                }
                versions.append(version)
            }
            return versions
        case let value?:
            throw InvalidField(field: "python_versions", reason: "expected a list of Python versions, found \(TaskRules.describe(value))")
        }
    }
}
