/// Source method "link"/"upload" with a spec file: downloads the spec, then its
/// Source/Patch URLs, then packs the SRPM with `rpmbuild -bs`.
public struct SpecLinkProvider: SourceProvider {
    public let context: BuildContext
    public let url: String
    /// How the spec itself is checked (``SRPMLinkProvider/check``); its Source and Patch
    /// URLs are the user's choice and always checked at every hop.
    public let check: AddressCheck

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let sources = workDirectory + "/sources"
        try Directories.ensure(sources)
        let spec = sources + "/" + (try URLFileName.of(url))
        try await context.downloader.download(url, to: spec, retry: context.downloadRetry, check: check)
        try await SpecSources(context: context).fetchMissing(spec: spec, sourceDirectory: sources, boundary: sources)
        return try await SRPMPackager(context: context)
            .pack(spec: spec, sourceDirectory: sources, workDirectory: workDirectory)
    }
}
