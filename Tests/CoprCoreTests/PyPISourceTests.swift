import CoprCore
import Testing

/// A PyPI source's one reader and its rules: what copr-cli and Copr's form send is read,
/// hostile names and versions are refused naming the field.
@Suite("Task contract: PyPI sources")
struct PyPISourceTests {
    @Test("upstream's fields are read with their defaults; an edit keeps what it leaves out; source_json writes them back")
    func readsAndWrites() throws {
        let source = try PyPISource(fields: ["pypi_package_name": "tinypkg", "pypi_package_version": .null, "python_versions": [3, 2]]).checked()
        #expect(source == PyPISource(name: "tinypkg", version: "", specGenerator: "pyp2spec", specTemplate: "", pythonVersions: ["3", "2"]))
        let edited = try PyPISource(fields: ["pypi_package_version": "1.0", "spec_generator": "pyp2rpm", "spec_template": "fedora"], base: source)
        #expect(edited == PyPISource(name: "tinypkg", version: "1.0", specGenerator: "pyp2rpm", specTemplate: "fedora", pythonVersions: ["3", "2"]))
        #expect(source.sourceJSON == [
            "pypi_package_name": "tinypkg", "pypi_package_version": .null, "spec_generator": "pyp2spec", "spec_template": "",
            "python_versions": ["3", "2"],
        ])
        #expect(try PyPISource(fields: edited.sourceJSON) == edited)
    }

    @Test("names and versions as PyPI spells them; shell metacharacters, '..', options, huge values and unknown choices are refused")
    func refusesHostileValues() {
        for name in ["requests", "zope.interface", "Django", "a", "backports_abc", "x1-2"] {
            #expect(throws: Never.self) { try TaskRules.pypiName(name) }
        }
        for name in ["", "-rf", "a..b", "a;b", "a b", "../x", "a/b", "tinypkg-", "_x", String(repeating: "a", count: 94), "pkg$(id)"] {
            #expect(throws: InvalidField.self, "\(name)") { try TaskRules.pypiName(name) }
        }
        for version in ["", "1.0", "2.0rc1", "1!2.0", "1.0+local.1", "1.0.post1", "v1", "1.0-1"] {
            #expect(throws: Never.self) { try TaskRules.pypiVersion(version) }
        }
        for version in ["-1", "1..0", "1.0/../x", "1.0;ls", "1 0", ".1", String(repeating: "1", count: 101)] {
            #expect(throws: InvalidField.self, "\(version)") { try TaskRules.pypiVersion(version) }
        }
        let refusals: [(JSONValue, String)] = [
            (["pypi_package_name": "a", "spec_generator": "bash"], "spec_generator"),
            (["pypi_package_name": "a", "spec_template": "../t"], "spec_template"),
            (["pypi_package_name": "a", "python_versions": [4]], "python_versions"),
            (["pypi_package_name": "a", "python_versions": "3"], "python_versions"),
            (["pypi_package_name": 5], "pypi_package_name"),
            ([:], "pypi_package_name"),
        ]
        for (fields, field) in refusals {
            let error = #expect(throws: InvalidField.self) { try PyPISource(fields: fields).checked() }
            #expect(error?.field == field, "\(fields)")
        }
        #expect(throws: InvalidField.self) { try TaskRules.sdistFileName("tinypkg-1.0.zip") }
        #expect(throws: InvalidField.self) { try TaskRules.sdistFileName("../tinypkg-1.0.tar.gz") }
        #expect(throws: Never.self) { try TaskRules.sdistFileName("tinypkg-1.0.tar.gz") }
    }
}
