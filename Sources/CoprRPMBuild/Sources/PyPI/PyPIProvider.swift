import CoprCore
import Foundation

/// Source method "pypi" (source type 5): makes the SRPM of a PyPI release.
///
/// Upstream's builders run pyp2spec or pyp2rpm (the task's `spec_generator`), which read
/// pypi.org themselves. This builder does so too when that tool is on its PATH and its
/// index is pypi.org. Otherwise (neither tool is packaged for Debian) it does the work
/// itself: it reads the release's metadata from the configured index (`pypi_index_url`),
/// downloads the `.tar.gz` sdist the metadata names, checks its SHA-256 against the
/// metadata, checks its members (``SdistListing``), writes a spec (``PyPISpec``) and packs
/// the SRPM. Every fetch has a time limit, bounded retries and a size limit; the build log
/// says which generator made the spec.
public struct PyPIProvider: SourceProvider {
    public let context: BuildContext
    public let source: PyPISource

    /// The largest metadata document read (PyPI's for a project with many releases is a
    /// few MiB).
    static let maximumMetadataBytes = 16 << 20
    /// The largest sdist downloaded.
    static let maximumSdistBytes = 512 << 20

    public func produceSRPM(in workDirectory: String) async throws -> String {
        let sources = workDirectory + "/sources"
        try Directories.ensure(sources)
        switch generator() {
        case .upstream(let tool, let path):
            context.logger.info("Spec generator: \(tool) (\(path)), run as upstream's builders run it")
            return try await PyPIUpstreamGenerator(context: context, source: source, tool: path)
                .produceSRPM(sources: sources, workDirectory: workDirectory)
        case .own(let reason):
            context.logger.info("Spec generator: copr-rpmbuild's own, because \(reason)")
        }
        if source.pythonVersions.contains(where: { $0 != "3" }) {
            context.logger.info("Python versions \(source.pythonVersions.joined(separator: ", ")) asked for; the spec builds for Python 3")
        }
        let release = try await release()
        let sdist = sources + "/" + release.sdist.fileName
        try await download(release.sdist, to: sdist)
        let listing = try await list(sdist, fileName: release.sdist.fileName)
        let spec = sources + "/python-\(PyPIRelease.normalized(release.name)).spec"
        let projectURL = context.config.pypiIndexURL.trimmingSuffix("/") + "/project/\(release.name)/"
        let text = PyPISpec.text(for: release, topDirectory: listing.topDirectory, projectURL: projectURL)
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        context.logger.info("Wrote \((spec as NSString).lastPathComponent):\n\(text)")
        return try await SRPMPackager(context: context).pack(spec: spec, sourceDirectory: sources, workDirectory: workDirectory)
    }

    /// Which generator writes the spec.
    enum Generator: Equatable {
        /// Upstream's tool, found at a path.
        case upstream(String, path: String)
        /// This builder's own, for a reason the log gives.
        case own(String)
    }

    /// Upstream's tool when it is on PATH and the index is the one it reads; else ours.
    func generator(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> Generator {
        let tool = source.specGenerator
        guard context.config.pypiIndexURL.trimmingSuffix("/") == BuilderConfig.defaultPyPIIndexURL else {
            return .own("this builder's index is \(context.config.pypiIndexURL), which \(tool) does not read")
        }
        let found = (path ?? "").split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found else { return .own("\(tool) is not installed on this builder") }
        return .upstream(tool, path: found)
    }

    /// The release's metadata from the index.
    private func release() async throws -> PyPIRelease {
        let url = PyPIRelease.metadataURL(index: context.config.pypiIndexURL, source: source)
        context.logger.info("Reading the metadata of \(source.name) \(source.version.isEmpty ? "(newest release)" : source.version) from \(url)")
        let metadata = try await context.downloader.fetch(url, retry: context.httpRetry, limit: Self.maximumMetadataBytes)
        let release = try PyPIRelease(metadata: metadata, requested: source, metadataURL: url)
        context.logger.info("Building \(release.name) \(release.version) from \(release.sdist.url) (sha256 \(release.sdist.sha256))")
        return release
    }

    /// Downloads the sdist, checked at every hop as any source URL, and checks its digest.
    private func download(_ sdist: PyPIRelease.Sdist, to path: String) async throws {
        if let size = sdist.size, size > Self.maximumSdistBytes {
            throw CoprRPMBuildError.unusableSource("the sdist \(sdist.fileName) is \(size) bytes, at most \(Self.maximumSdistBytes) are downloaded")
        }
        var downloader = context.downloader
        downloader.maximumBytes = Self.maximumSdistBytes
        try await downloader.download(sdist.url, to: path, retry: context.downloadRetry, check: .everyHop)
        let output = try await context.runner.capture("sha256sum", ["--", path], timeout: context.config.timings.toolTimeout)
        let digest = String(output.prefix(64))
        guard digest == sdist.sha256 else {
            try? FileManager.default.removeItem(atPath: path)
            throw CoprRPMBuildError.unusableSource("the sdist \(sdist.fileName) has SHA-256 \(digest), the index says \(sdist.sha256)")
        }
        context.logger.info("The SHA-256 of \(sdist.fileName) is the index's")
    }

    /// The sdist's members, checked before rpmbuild unpacks them.
    private func list(_ path: String, fileName: String) async throws -> SdistListing {
        let timeout = context.config.timings.toolTimeout
        let names = try await context.runner.capture("tar", ["--list", "--gzip", "--file", path], timeout: timeout)
        let verbose = try await context.runner.capture("tar", ["--list", "--verbose", "--gzip", "--file", path], timeout: timeout)
        return try SdistListing(names: names, verbose: verbose, fileName: fileName)
    }
}
