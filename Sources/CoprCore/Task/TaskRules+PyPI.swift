/// The rules of a PyPI source (`source_type` 5): the project's name and version on the
/// index, and upstream's choices of spec generator, template and Python versions. Names
/// and versions become part of an index URL, a spec's `Name` and `Version` and the name
/// of a downloaded file, so only the characters PyPI itself allows are accepted.
extension TaskRules {
    /// The longest PyPI project name: a package name with `python-` before it must still
    /// be a package name (upstream's limit on the package column).
    public static let maximumPyPINameLength = maximumNameLength - "python-".count
    /// The spec generators upstream's builders run (`spec_generator`).
    public static let pypiSpecGenerators = ["pyp2spec", "pyp2rpm"]
    /// The templates of upstream's pyp2rpm (`spec_template`); empty is pyp2rpm's default.
    public static let pypiSpecTemplates = ["", "fedora", "epel7", "mageia", "pld"]
    /// The Python major versions upstream offers to build for (`python_versions`).
    public static let pythonVersions = ["3", "2"]

    private static let pypiNameCharacters = ASCIISet("")
    private static let pypiVersionCharacters = ASCIISet("+!")

    /// A PyPI project name as PyPI accepts one: letters, digits and `-_.`, starting and
    /// ending with a letter or digit, no `..`.
    @discardableResult
    public static func pypiName(_ value: String, field: String = "pypi_package_name") throws(InvalidField) -> String {
        try name(value, field: field, extra: pypiNameCharacters, maximumLength: maximumPyPINameLength)
        guard let last = value.last, ASCIISet.alphanumerics.contains(last) else {
            throw InvalidField(field: field, reason: "a PyPI name ends with a letter or digit, found \(quoted(value))")
        }
        return value
    }

    /// A release of a PyPI project as PEP 440 spells versions: letters, digits and
    /// `-_.+!`, starting with a letter or digit, no `..`; empty means the newest release.
    @discardableResult
    public static func pypiVersion(_ value: String, field: String = "pypi_package_version") throws(InvalidField) -> String {
        guard !value.isEmpty else { return value }
        return try name(value, field: field, extra: pypiVersionCharacters, maximumLength: maximumNameLength)
    }

    /// The file name of a release's sdist as the index names it (`tinypkg-1.0.tar.gz`): the
    /// characters of a version, ending with `.tar.gz` (the only sdist format PEP 625 keeps).
    @discardableResult
    public static func sdistFileName(_ value: String, field: String = "sdist filename") throws(InvalidField) -> String {
        try name(value, field: field, extra: pypiVersionCharacters, maximumLength: maximumDirnameLength)
        guard value.hasSuffix(".tar.gz") else {
            throw InvalidField(field: field, reason: "expected a .tar.gz sdist, found \(quoted(value))")
        }
        return value
    }

    /// The one top directory of an sdist's members (`tinypkg-1.0`), which the spec unpacks
    /// into: the characters of a version.
    @discardableResult
    public static func sdistDirectory(_ value: String, field: String = "sdist directory") throws(InvalidField) -> String {
        try name(value, field: field, extra: pypiVersionCharacters, maximumLength: maximumDirnameLength)
    }
}
