import CoprCore
import Foundation

/// Source method "scm" with git (and the dist-git checkout of RPM tasks): clones the
/// repository, checks out the committish, finds the spec in the subdirectory, fetches
/// Source URLs that are not in the repository, and packs the SRPM with `rpmbuild -bs`.
public struct GitProvider: SourceProvider {
    public let context: BuildContext
    public let cloneURL: String
    public let committish: String?
    public let subdirectory: String
    public let spec: String?

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let checkout = workDirectory + "/checkout"
        try await GitCheckout(context: context).clone(cloneURL, revision: committish, into: checkout)
        let directory = try PathSafety.resolve(subdirectory, inside: checkout)
        let specPath = try locateSpec(in: directory, checkout: checkout)
        let sourceDirectory = (specPath as NSString).deletingLastPathComponent
        try await SpecSources(context: context)
            .fetchMissing(spec: specPath, sourceDirectory: sourceDirectory, boundary: checkout)
        return try await SRPMPackager(context: context)
            .pack(spec: specPath, sourceDirectory: sourceDirectory, workDirectory: workDirectory)
    }

    /// The given spec (relative to the subdirectory), or the only `*.spec` file there.
    private func locateSpec(in directory: String, checkout: String) throws -> String {
        if let spec, !spec.isEmpty {
            let path = try PathSafety.resolve(spec, inside: directory)
            guard PathSafety.isInside(path, base: PathSafety.canonical(checkout)),
                  FileManager.default.fileExists(atPath: path) else {
                throw CoprRPMBuildError.specNotFound("'\(TaskRules.shown(spec))' does not exist in '\(subdirectory)'")
            }
            return path
        }
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".spec") }.sorted()
        guard candidates.count == 1 else {
            throw CoprRPMBuildError.specNotFound(candidates.isEmpty
                ? "no .spec file in '\(subdirectory.isEmpty ? "/" : subdirectory)' of the repository"
                : "several spec files (\(candidates.joined(separator: ", "))); set the spec field")
        }
        return try PathSafety.resolve(candidates[0], inside: directory)
    }
}
