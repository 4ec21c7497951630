/// Source method "link"/"upload" with an SRPM: downloads the `.src.rpm` as it is.
public struct SRPMLinkProvider: SourceProvider {
    public let context: BuildContext
    public let url: String

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let target = workDirectory + "/" + (try URLFileName.of(url))
        try await context.downloader.download(url, to: target, retry: context.downloadRetry)
        return target
    }
}
