import CoprCore
import Foundation

/// What the build produced, read from the builder's `results.json` (as upstream's backend
/// reads it), or with `rpm -qp` when an older builder did not write one.
public struct BuildDetails: Sendable, Equatable {
    public var builtPackages = ""
    public var srpmURL: String?
    public var pkgName: String?
    public var pkgVersion: String?
    public var results: JSONValue?

    public static let maximumNameLength = 100
    /// results.json comes from the builder: a larger one is refused, not read.
    public static let maximumResultsSize = 16 * 1024 * 1024

    /// Collects the details of `job` from its result directory.
    public static func collect(for job: BuildJob, in directory: ResultDirectory, runner: ProcessRunner) async throws -> BuildDetails {
        var details = BuildDetails()
        let resultsFile = (directory.path as NSString).appendingPathComponent("results.json")
        let size = (try? FileManager.default.attributesOfItem(atPath: resultsFile))?[.size] as? Int ?? 0
        guard size <= maximumResultsSize else {
            throw PublishingError.detailsUnavailable("results.json is \(size) bytes, more than \(maximumResultsSize)")
        }
        if let data = FileManager.default.contents(atPath: resultsFile) {
            guard let results = try? JSONValue.decode(data), results.objectValue != nil else {
                throw PublishingError.detailsUnavailable("results.json is not a JSON object")
            }
            details.results = results
        }
        let rpms = directory.rpmFiles()
        if job.isSourceBuild {
            guard let srpm = rpms.first(where: { $0.hasSuffix(".src.rpm") }) else {
                throw PublishingError.detailsUnavailable("no .src.rpm in the results")
            }
            let name = (srpm as NSString).lastPathComponent
            details.srpmURL = "\(job.resultsDirURL)/\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name)"
            let fields: [String?]
            if let results = details.results {
                fields = [results["name"]?.stringValue, results["epoch"].flatMap(epochText), results["version"]?.stringValue, results["release"]?.stringValue]
            } else {
                let query = try await queryRPM(srpm, format: "%{NAME} %{EPOCH} %{VERSION} %{RELEASE}", runner: runner)
                let parts = query.split(separator: " ").map(String.init)
                guard parts.count == 4 else { throw PublishingError.detailsUnavailable("rpm -qp printed \(query)") }
                fields = [parts[0], Int(parts[1]).map(String.init), parts[2], parts[3]]
            }
            guard let name = fields[0], let version = fields[2] else {
                throw PublishingError.detailsUnavailable("results.json has no name or version")
            }
            guard name.count <= maximumNameLength else {
                throw PublishingError.detailsUnavailable("Too long package name: \(name.prefix(maximumNameLength))…")
            }
            details.pkgName = name
            details.pkgVersion = (fields[1].map { "\($0):" } ?? "") + version + (fields[3].map { "-\($0)" } ?? "")
        } else if let packages = details.results?["packages"]?.arrayValue {
            details.builtPackages = packages.compactMap { package -> String? in
                guard package["arch"]?.stringValue != "src",
                      let name = package["name"]?.stringValue, let version = package["version"]?.stringValue
                else { return nil }
                return "\(name) \(version)"
            }.joined(separator: "\n")
        } else {
            var lines: [String] = []
            for rpm in rpms where !rpm.hasSuffix(".src.rpm") {
                lines.append(try await queryRPM(rpm, format: "%{NAME} %{VERSION}", runner: runner))
            }
            details.builtPackages = lines.joined(separator: "\n")
        }
        return details
    }

    private static func epochText(_ value: JSONValue) -> String? {
        if let number = value.intValue { return String(number) }
        return nil
    }

    private static func queryRPM(_ path: String, format: String, runner: ProcessRunner) async throws -> String {
        let output = try await runner.capture("rpm", ["-qp", "--nosignature", "--qf", format, path], timeout: .seconds(60))
        guard output.exit.isSuccess else {
            throw PublishingError.detailsUnavailable("rpm -qp \((path as NSString).lastPathComponent): \(output.standardError.prefix(300))")
        }
        return output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
