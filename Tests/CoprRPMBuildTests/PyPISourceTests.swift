import CoprCore
@testable import CoprRPMBuild
import Foundation
import Logging
import Testing

/// The pure parts of the PyPI source: reading the index's metadata (hostile), checking an
/// sdist's members, writing the spec, and choosing the generator.
@Suite("PyPI sources: metadata, sdists and specs")
struct PyPISourceTests {
    static let metadataURL = "https://index.example/pypi/tinypkg/json"
    static let digest = String(repeating: "ab", count: 32)

    /// PyPI's JSON for tinypkg 1.0 with `urls` as given (by default a wheel and an sdist).
    static func metadata(name: String = "tinypkg", version: String = "1.0", summary: String = "A tiny package", urls: [JSONValue]? = nil) throws -> Data {
        let entries = urls ?? [
            ["packagetype": "bdist_wheel", "filename": "tinypkg-1.0-py3-none-any.whl", "url": "https://files.example/w.whl"],
            ["packagetype": "sdist", "filename": "tinypkg-1.0.tar.gz", "url": "https://files.example/packages/tinypkg-1.0.tar.gz",
             "size": 1234, "digests": ["sha256": .string(digest.uppercased())]],
        ]
        let value: JSONValue = [
            "info": ["name": .string(name), "version": .string(version), "summary": .string(summary), "license": "MIT"],
            "urls": .array(entries),
        ]
        return try value.encoded()
    }

    static func release(_ data: Data, requested: PyPISource = PyPISource(name: "tinypkg")) throws -> PyPIRelease {
        try PyPIRelease(metadata: data, requested: requested, metadataURL: metadataURL)
    }

    static func refusal(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test("the metadata's sdist is chosen, its URL and digest kept; the metadata URL names the version when one is asked for")
    func readsTheRelease() throws {
        let release = try Self.release(try Self.metadata(), requested: PyPISource(name: "TinyPkg", version: "1.0"))
        #expect(release.name == "tinypkg" && release.version == "1.0" && release.summary == "A tiny package")
        #expect(release.sdist == .init(
            fileName: "tinypkg-1.0.tar.gz", url: "https://files.example/packages/tinypkg-1.0.tar.gz", sha256: Self.digest, size: 1234))
        #expect(PyPIRelease.metadataURL(index: "https://pypi.org/", source: PyPISource(name: "tinypkg")) == "https://pypi.org/pypi/tinypkg/json")
        #expect(PyPIRelease.metadataURL(index: "http://i:8080", source: PyPISource(name: "a", version: "2.0")) == "http://i:8080/pypi/a/2.0/json")
        let relative = try Self.release(try Self.metadata(urls: [
            ["packagetype": "sdist", "filename": "tinypkg-1.0.tar.gz", "url": "../../packages/tinypkg-1.0.tar.gz", "digests": ["sha256": .string(Self.digest)]],
        ]))
        #expect(relative.sdist.url == "https://index.example/packages/tinypkg-1.0.tar.gz")
    }

    @Test("hostile or unusable metadata is refused naming what is wrong")
    func refusesHostileMetadata() throws {
        func sdist(_ fileName: String, url: String = "https://files.example/x.tar.gz", digest: JSONValue? = nil) -> [JSONValue] {
            [["packagetype": "sdist", "filename": .string(fileName), "url": .string(url), "digests": ["sha256": digest ?? .string(Self.digest)]]]
        }
        let cases: [(Data, String)] = [
            (Data("<html>".utf8), "not PyPI's JSON"),
            (try Self.metadata(name: "other"), "instead of 'tinypkg'"),
            (try Self.metadata(name: "tiny;rm -rf"), "info.name"),
            (try Self.metadata(version: "1.0/../../x"), "info.version"),
            (try Self.metadata(urls: []), "has no sdist"),
            (try Self.metadata(urls: [["packagetype": "sdist", "filename": "tinypkg-1.0.zip", "url": "https://f.example/t.zip"]]), "not a .tar.gz"),
            (try Self.metadata(urls: sdist("../../etc/cron.d/x.tar.gz")), "sdist filename"),
            (try Self.metadata(urls: sdist("-rf.tar.gz")), "sdist filename"),
            (try Self.metadata(urls: sdist("tinypkg-1.0.tar.gz", url: "file:///etc/shadow")), "scheme 'file'"),
            (try Self.metadata(urls: sdist("tinypkg-1.0.tar.gz", digest: "abc")), "no SHA-256"),
            (try Self.metadata(urls: sdist("tinypkg-1.0.tar.gz", digest: .null)), "no SHA-256"),
        ]
        for (data, message) in cases {
            let refused = Self.refusal { try Self.release(data) }
            #expect(refused.contains(message), "\(message): \(refused)")
        }
        let otherVersion = Self.refusal { try Self.release(try Self.metadata(version: "2.0"), requested: PyPISource(name: "tinypkg", version: "1.0")) }
        #expect(otherVersion.contains("version '2.0' instead of '1.0'"), "\(otherVersion)")
    }

    @Test("an sdist's members must lie below one plain directory, without '..', absolute paths or links")
    func checksTheSdistMembers() throws {
        let good = "tinypkg-1.0/\ntinypkg-1.0/pyproject.toml\ntinypkg-1.0/tinypkg/__init__.py\n"
        let files = "drwxr-xr-x a/a 0 2024-01-01 00:00 tinypkg-1.0/\n-rw-r--r-- a/a 10 2024-01-01 00:00 x\n"
        #expect(try SdistListing(names: good, verbose: files, fileName: "t.tar.gz").topDirectory == "tinypkg-1.0")
        #expect(try SdistListing(names: "./tinypkg-1.0/a\n./tinypkg-1.0/b\n", verbose: files, fileName: "t.tar.gz").topDirectory == "tinypkg-1.0")
        let cases: [(String, String, String)] = [
            ("tinypkg-1.0/a\n../evil\n", files, "'..'"),
            ("tinypkg-1.0/../../evil\n", files, "'..'"),
            ("/etc/passwd\n", files, "absolute path"),
            ("tinypkg-1.0/a\nother-1.0/b\n", files, "not all below one directory"),
            ("setup.py\n", files, "not in a directory"),
            ("", "", "it is empty"),
            ("tiny pkg%{x}/a\n", files, "sdist directory"),
            (good, "lrwxrwxrwx a/a 0 2024-01-01 00:00 tinypkg-1.0/link -> /etc\n", "link or special file"),
            (good, "hrw-r--r-- a/a 0 2024-01-01 00:00 tinypkg-1.0/hard link to /etc/shadow\n", "link or special file"),
        ]
        for (names, verbose, message) in cases {
            let refused = Self.refusal { try SdistListing(names: names, verbose: verbose, fileName: "t.tar.gz") }
            #expect(refused.contains(message), "\(names): \(refused)")
        }
    }

    @Test("the spec names python-<name>, the version, the sdist and its directory; metadata text cannot expand macros")
    func writesTheSpec() throws {
        var release = try Self.release(try Self.metadata(name: "Tiny_Pkg.Extra", summary: "Uses %(rm -rf /) and %{__python3}\nSecond line"),
                                       requested: PyPISource(name: "tiny-pkg-extra"))
        release.license = ""
        let spec = PyPISpec.text(for: release, topDirectory: "Tiny_Pkg.Extra-1.0", projectURL: "https://pypi.org/project/Tiny_Pkg.Extra/")
        let lines = spec.split(separator: "\n").map(String.init)
        #expect(lines.contains("Name:           python-tiny-pkg-extra"))
        #expect(lines.contains("Version:        1.0"))
        #expect(lines.contains("Source0:        tinypkg-1.0.tar.gz"))
        #expect(lines.contains("BuildArch:      noarch"))
        #expect(lines.contains("%setup -q -n Tiny_Pkg.Extra-1.0"))
        #expect(lines.contains("Summary:        Uses %%(rm -rf /) and %%{__python3}"), "\(spec)")
        #expect(lines.contains("License:        Unknown"))
        #expect(!spec.contains("Second line"))
        #expect(spec.contains("pip install --no-deps --no-build-isolation"))
        #expect(spec.contains("%files -f pypi-files.list"))
        #expect(PyPISpec.rpmVersion("1!2.0-post1") == ("1", "2.0_post1"))
        #expect(PyPISpec.rpmVersion("2.0rc1") == (nil, "2.0rc1"))
        #expect(PyPISpec.line(String(repeating: "x", count: 500)).count == PyPISpec.maximumTextLength)
    }

    @Test("upstream's tool is used only when it is on PATH and the index is pypi.org; otherwise the builder's own generator, saying why")
    func choosesTheGenerator() throws {
        let directory = NSTemporaryDirectory() + "pypi-generator-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/pyp2spec", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        var config = BuilderConfig()
        let provider = PyPIProvider(context: BuildContext(config: config, logger: Logger(label: "pypi-test")), source: PyPISource(name: "tinypkg"))
        #expect(provider.generator(path: "/nonexistent:" + directory) == .upstream("pyp2spec", path: directory + "/pyp2spec"))
        #expect(provider.generator(path: "/nonexistent") == .own("pyp2spec is not installed on this builder"))
        config.pypiIndexURL = "http://127.0.0.1:9/"
        let local = PyPIProvider(context: BuildContext(config: config, logger: Logger(label: "pypi-test")), source: PyPISource(name: "tinypkg"))
        #expect(local.generator(path: directory) == .own("this builder's index is http://127.0.0.1:9/, which pyp2spec does not read"))
    }

    @Test("the index is pypi_index_url of main.ini or the environment, an http(s) URL; pypi.org by default")
    func configuresTheIndex() throws {
        #expect(try BuilderConfig(ini: try INIFile(text: ""), environment: [:]).pypiIndexURL == "https://pypi.org")
        let ini = try INIFile(text: "[main]\npypi_index_url = http://mirror.example/simple-json\n")
        #expect(try BuilderConfig(ini: ini, environment: [:]).pypiIndexURL == "http://mirror.example/simple-json")
        #expect(try BuilderConfig(ini: ini, environment: ["COPR_RPMBUILD_PYPI_INDEX_URL": "https://other.example"]).pypiIndexURL == "https://other.example")
        let refused = Self.refusal { try BuilderConfig(ini: try INIFile(text: "[main]\npypi_index_url = file:///srv/index\n"), environment: [:]) }
        #expect(refused.contains("pypi_index_url"), "\(refused)")
    }
}
