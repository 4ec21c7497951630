import ArgumentParser
import CoprCore

/// `--pypi` and `--pypi-version`, the PyPI source of `build submit`, `package add` and
/// `package edit`: the builder fetches the release's sdist from its index and writes the
/// spec.
struct PyPIOptions: ParsableArguments {
    @Option(help: "Build this project of the Python Package Index (its sdist, with a spec the builder writes).")
    var pypi: String?
    @Option(help: "The release of --pypi to build (default: the newest).")
    var pypiVersion: String?

    /// The `source` object of the user API, or nil without `--pypi`.
    var source: JSONValue? {
        guard let pypi else { return nil }
        return ["type": "pypi", "pypi_package_name": .string(pypi), "pypi_package_version": pypiVersion.map(JSONValue.string) ?? .null]
    }

    /// `--pypi-version` needs `--pypi`.
    func validate() throws {
        if pypiVersion != nil && pypi == nil { throw ValidationError("--pypi-version belongs to --pypi") }
    }
}
