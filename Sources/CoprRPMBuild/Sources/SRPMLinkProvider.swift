/// Source method "link"/"upload" with an SRPM: downloads the `.src.rpm` as it is.
public struct SRPMLinkProvider: SourceProvider {
    public let context: BuildContext
    public let url: String
    /// ``AddressCheck/afterFirstHop`` for a file the frontend or backend keeps for this
    /// task (an upload, the SRPM of an RPM task), ``AddressCheck/everyHop`` for a link.
    public let check: AddressCheck

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let target = workDirectory + "/" + (try URLFileName.of(url))
        try await context.downloader.download(url, to: target, retry: context.downloadRetry, check: check)
        return target
    }
}
