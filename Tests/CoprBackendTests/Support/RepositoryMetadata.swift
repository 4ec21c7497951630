import CoprTestSupport
import CoprBackend
import CoprCore
import Foundation

/// Reads what a DNF repository's metadata lists, as a user's dnf would see it.
enum RepositoryMetadata {
    /// Package names in `<directory>/repodata/*-primary.xml.gz`.
    static func packageNames(in directory: String) async throws -> Set<String> {
        let repodata = (directory as NSString).appendingPathComponent("repodata")
        guard let primary = try FileManager.default.contentsOfDirectory(atPath: repodata).first(where: { $0.hasSuffix("primary.xml.gz") }) else {
            throw TestSupportError.unexpected("no primary.xml.gz in \(repodata)")
        }
        let xml = try await ProcessRunner().capture(
            "gzip", ["-dc", "\(repodata)/\(primary)"], timeout: .seconds(30), outputLimit: 16 * 1024 * 1024
        ).standardOutput
        var names: Set<String> = []
        var rest = xml[...]
        while let start = rest.range(of: "<name>"), let end = rest.range(of: "</name>", range: start.upperBound..<rest.endIndex) {
            names.insert(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return names
    }
}
