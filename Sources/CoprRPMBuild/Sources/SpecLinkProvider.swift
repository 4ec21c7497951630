/// Source method "link" with a spec file: downloads the spec, then its Source/Patch URLs,
/// then packs the SRPM with `rpmbuild -bs`.
public struct SpecLinkProvider: SourceProvider {
    public let context: BuildContext
    public let url: String

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let sources = workDirectory + "/sources"
        try Directories.ensure(sources)
        let spec = sources + "/" + (try URLFileName.of(url))
        try await context.downloader.download(url, to: spec, retry: context.downloadRetry)
        try await SpecSources(context: context).fetchMissing(spec: spec, sourceDirectory: sources, boundary: sources)
        return try await SRPMPackager(context: context)
            .pack(spec: spec, sourceDirectory: sources, workDirectory: workDirectory)
    }
}
