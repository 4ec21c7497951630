import Foundation

/// A stand-in for the Python Package Index made by a test: a directory that a static
/// HTTP server serves as PyPI's JSON API (`/pypi/<name>/json` and
/// `/pypi/<name>/<version>/json`, each with an `info` object and `urls` entries of
/// `packagetype`, `filename`, `url`, `size` and `digests.sha256`), and a tiny real Python
/// sdist (a `pyproject.toml` with setuptools as build backend and one module) below
/// `packages/`.
public enum PyPIIndexFixture {
    /// What a fixture holds.
    public struct Release: Sendable {
        public let name: String
        public let version: String
        /// The sdist's file name (`tinypkg-1.0.tar.gz`).
        public let fileName: String
        /// Its lowercase hex SHA-256.
        public let sha256: String
    }

    /// Writes the project `name` with one release `version` into `directory`, which is
    /// served at `baseURL`; `summary` is the metadata's (hostile text in some tests) and
    /// `digest` replaces the published SHA-256 when given.
    @discardableResult
    public static func make(
        in directory: String, baseURL: String, name: String = "tinypkg", version: String = "1.0",
        summary: String = "A tiny package", digest: String? = nil
    ) async throws -> Release {
        let top = "\(name)-\(version)"
        let work = directory + "/.work"
        let files = [
            "\(top)/pyproject.toml": """
                [build-system]
                requires = ["setuptools"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "\(name)"
                version = "\(version)"
                description = "A tiny package"

                """,
            "\(top)/\(name)/__init__.py": "GREETING = \"hello from \(name)\"\n",
        ]
        for (path, text) in files {
            let target = work + "/" + path
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: target, atomically: true, encoding: .utf8)
        }
        let fileName = top + ".tar.gz"
        let packages = directory + "/packages"
        try FileManager.default.createDirectory(atPath: packages, withIntermediateDirectories: true)
        try await Shell.check("tar", ["-C", work, "-czf", packages + "/" + fileName, top])
        let sha256 = String(try await Shell.check("sha256sum", [packages + "/" + fileName]).output.prefix(64))
        let size = try FileManager.default.attributesOfItem(atPath: packages + "/" + fileName)[.size] as? Int ?? 0
        let metadata: [String: Any] = [
            "info": ["name": name, "version": version, "summary": summary, "license": "MIT"],
            "urls": [
                ["packagetype": "bdist_wheel", "filename": "\(name)-\(version)-py3-none-any.whl", "url": "\(baseURL)/packages/none.whl",
                 "digests": ["sha256": String(repeating: "0", count: 64)]],
                ["packagetype": "sdist", "filename": fileName, "url": "\(baseURL)/packages/\(fileName)", "size": size,
                 "digests": ["sha256": digest ?? sha256, "md5": "unused"]],
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: metadata)
        for path in ["pypi/\(name)/json", "pypi/\(name)/\(version)/json"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: directory + "/" + path))
        }
        try? FileManager.default.removeItem(atPath: work)
        return Release(name: name, version: version, fileName: fileName, sha256: sha256)
    }
}
