import CoprTestSupport
import CoprBackend
import CoprCore
import Foundation

/// Reads what a DNF repository's metadata lists, as a user's dnf would see it.
enum RepositoryMetadata {
    /// Package names in `<directory>/repodata/*-primary.xml.gz`.
    static func packageNames(in directory: String) async throws -> Set<String> {
        Set(try await values(between: "<name>", and: "</name>", in: directory))
    }

    /// Where each package is, relative to `directory`, as the primary metadata lists it.
    static func packageLocations(in directory: String) async throws -> [String] {
        try await values(between: "<location href=\"", and: "\"", in: directory).sorted()
    }

    /// Every text between `start` and `end` in the primary metadata, in order.
    private static func values(between start: String, and end: String, in directory: String) async throws -> [String] {
        let repodata = (directory as NSString).appendingPathComponent("repodata")
        guard let primary = try FileManager.default.contentsOfDirectory(atPath: repodata).first(where: { $0.hasSuffix("primary.xml.gz") }) else {
            throw TestSupportError.unexpected("no primary.xml.gz in \(repodata)")
        }
        let xml = try await ProcessRunner().capture(
            "gzip", ["-dc", "\(repodata)/\(primary)"], timeout: .seconds(30), outputLimit: 16 * 1024 * 1024
        ).standardOutput
        var values: [String] = []
        var rest = xml[...]
        while let opening = rest.range(of: start), let closing = rest.range(of: end, range: opening.upperBound..<rest.endIndex) {
            values.append(String(rest[opening.upperBound..<closing.lowerBound]))
            rest = rest[closing.upperBound...]
        }
        return values
    }
}
