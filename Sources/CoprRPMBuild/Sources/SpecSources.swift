import CoprCore
import Foundation

/// Makes the Source and Patch files of a spec available next to it: URLs whose file is not
/// already there are downloaded (through ``URLPolicy``), local files must exist inside the
/// checkout (a symlink out of it is refused).
public struct SpecSources: Sendable {
    public let context: BuildContext

    public func fetchMissing(spec: String, sourceDirectory: String, boundary: String) async throws {
        let parse = try await NetworkIsolation(context: context).offline(
            ["rpmspec", "-P", spec, "--define", "_sourcedir \(sourceDirectory)"], purpose: "the spec's macros")
        let parsed = try await context.runner.capture(parse[0], Array(parse.dropFirst()), timeout: context.config.timings.toolTimeout)
        let base = PathSafety.canonical(boundary)
        for entry in SpecSourceTags.values(in: parsed) {
            if entry.contains("://") {
                let name = try URLFileName.of(entry)
                let target = sourceDirectory + "/" + name
                if FileManager.default.fileExists(atPath: target) {
                    try requireInside(target, base: base, entry: entry)
                    context.logger.info("Source \(name) is in the repository, not downloading \(entry)")
                    continue
                }
                try await context.downloader.download(entry, to: target, retry: context.downloadRetry, check: .everyHop)
            } else {
                let target = sourceDirectory + "/" + (entry as NSString).lastPathComponent
                if FileManager.default.fileExists(atPath: target) {
                    try requireInside(target, base: base, entry: entry)
                }
            }
        }
    }

    private func requireInside(_ path: String, base: String, entry: String) throws {
        guard PathSafety.isInside(PathSafety.canonical(path), base: base) else {
            throw CoprRPMBuildError.refusedTask("source '\(TaskRules.shown(entry))' points outside the sources")
        }
    }
}
