import CoprCore
import Foundation

/// One release of a PyPI project as the index's JSON API describes it
/// (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`): its name, version, summary and
/// license, and the sdist to build from. The metadata is the index's, and hostile: every
/// value that reaches a file name, a URL or the spec passes a rule here or is refused.
public struct PyPIRelease: Sendable, Equatable {
    /// The sdist of a release: where to get it and what it must hash to.
    public struct Sdist: Sendable, Equatable {
        /// A plain `.tar.gz` file name (``TaskRules/sdistFileName(_:field:)``).
        public var fileName: String
        /// An http(s) URL, resolved against the metadata's URL when relative; the download
        /// checks its address at every hop, as for any source URL.
        public var url: String
        /// The lowercase hex SHA-256 the index publishes for the file.
        public var sha256: String
        /// The size the index publishes, if any.
        public var size: Int?
    }

    public var name: String
    public var version: String
    public var summary: String
    public var license: String
    public var sdist: Sdist

    /// The JSON API URL of `source` on the index at `index` (`https://pypi.org`).
    public static func metadataURL(index: String, source: PyPISource) -> String {
        let base = index.trimmingSuffix("/")
        return source.version.isEmpty ? "\(base)/pypi/\(source.name)/json" : "\(base)/pypi/\(source.name)/\(source.version)/json"
    }

    /// Reads the answer of ``metadataURL(index:source:)`` for `requested`: the project must
    /// be the one asked for (PyPI's name normalization aside), the version the one asked
    /// for if any, and there must be one `.tar.gz` sdist with a SHA-256.
    public init(metadata: Data, requested: PyPISource, metadataURL: String) throws {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: metadata), let info = json["info"]?.objectValue else {
            throw Self.refusal("the index's answer is not PyPI's JSON with an \"info\" object")
        }
        name = try Self.checked { () throws(InvalidField) in try TaskRules.pypiName(info["name"]?.stringValue ?? "", field: "info.name") }
        version = try Self.checked { () throws(InvalidField) in
            let version = try TaskRules.pypiVersion(info["version"]?.stringValue ?? "", field: "info.version")
            guard !version.isEmpty else { throw InvalidField(field: "info.version", reason: "it is empty") }
            return version
        }
        guard Self.normalized(name) == Self.normalized(requested.name) else {
            throw Self.refusal("the index answered for project '\(name)' instead of '\(requested.name)'")
        }
        guard requested.version.isEmpty || requested.version == version else {
            throw Self.refusal("the index answered with version '\(version)' instead of '\(requested.version)'")
        }
        summary = info["summary"]?.stringValue ?? ""
        license = info["license_expression"]?.stringValue ?? info["license"]?.stringValue ?? ""
        sdist = try Self.sdist(in: json["urls"]?.arrayValue ?? [], metadataURL: metadataURL)
    }

    /// PEP 503's normalized name: lower case, each run of `-_.` one `-`.
    public static func normalized(_ name: String) -> String {
        name.lowercased().replacing(/[-_.]+/, with: "-")
    }

    /// The first `.tar.gz` entry of `urls` with `packagetype` `sdist`.
    private static func sdist(in urls: [JSONValue], metadataURL: String) throws -> Sdist {
        let candidates = urls.filter { $0["packagetype"]?.stringValue == "sdist" }
        guard let entry = candidates.first(where: { ($0["filename"]?.stringValue ?? "").hasSuffix(".tar.gz") }) else {
            throw Self.refusal(candidates.isEmpty
                ? "the release has no sdist; only sdists can be built"
                : "the release's sdist is not a .tar.gz file; only .tar.gz sdists can be built")
        }
        let fileName = try checked { () throws(InvalidField) in try TaskRules.sdistFileName(entry["filename"]?.stringValue ?? "") }
        guard let given = entry["url"]?.stringValue, let resolved = URL(string: given, relativeTo: URL(string: metadataURL)) else {
            throw Self.refusal("the sdist has no url")
        }
        let url = try checked { () throws(InvalidField) in try TaskRules.webURL(resolved.absoluteString, field: "sdist url") }
        guard let digest = entry["digests"]?["sha256"]?.stringValue?.lowercased(), digest.count == 64,
              digest.allSatisfy({ $0.isHexDigit }) else {
            throw Self.refusal("the index gives no SHA-256 digest for \(fileName), so the download could not be checked")
        }
        let size = entry["size"]?.intValue
        guard size.map({ $0 >= 0 }) ?? true else { throw Self.refusal("the sdist's size is negative") }
        return Sdist(fileName: fileName, url: url, sha256: digest, size: size)
    }

    private static func checked<Value>(_ body: () throws(InvalidField) -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            throw refusal("\(error)")
        }
    }

    private static func refusal(_ why: String) -> CoprRPMBuildError {
        .unusableSource("PyPI metadata: \(why)")
    }
}
