import Foundation

/// An SRPM task (`--srpm`): run the task's source provider, then publish the SRPM, its
/// spec and `results.json` in the results directory.
public struct SourceBuild: Sendable {
    public let context: BuildContext

    public init(context: BuildContext) { self.context = context }

    public func run(_ task: BuildTask) async throws {
        let workDirectory = try context.workDirectory(for: task)
        let provider = try SourceProviderSelector(context: context).provider(for: task)
        let srpm = try await provider.produceSRPM(in: workDirectory)
        let inspector = RPMInspector(context: context)
        let package = try await inspector.package(at: srpm)
        try TaskValidator.validatePackageName(package.name)
        let spec = try await inspector.extractSpec(from: srpm, workDirectory: workDirectory)
        try Directories.copy(srpm, into: context.config.resultDir)
        try Directories.copy(spec, into: context.config.resultDir)
        let tags = try await inspector.architectureTags(spec: spec, distributions: task.distributions)
        try ResultsFile.writeSource(package, tags: tags, into: context.config.resultDir)
        context.logger.info("Built \(package.name)-\(package.version)-\(package.release).src.rpm")
    }
}
