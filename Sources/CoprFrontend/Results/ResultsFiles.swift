import CoprCore
import Foundation
import Hummingbird

/// Serves the results tree (`[backend] destdir`) read-only under `/results/`, which is
/// where dnf fetches a project's repositories and users read build logs:
///
/// - `GET` and `HEAD` of a file stream it from disk with its content type;
/// - a directory answers an HTML listing (``DirectoryListing``: sizes and dates), and its
///   URL without the trailing slash a redirect to the URL with it (relative links in the
///   listing need the slash);
/// - a `….log.gz` answers its bytes as they are, with `Content-Type: text/plain` and
///   `Content-Encoding: gzip`, as Copr's results server does: a browser shows the log as
///   text, and tools that save files (wget, curl, our CLI) get the `.gz` file unchanged;
/// - a `….log` that the backend has since compressed to `….log.gz` answers the log's
///   text: the `.gz` bytes with `Content-Encoding: gzip` to clients that accept it, the
///   decompressed text streamed from ``GzipReader`` to the others (at most
///   `decompressedLogLimit` bytes of it). Users and tools keep the `.log` URL they had
///   while the build ran.
///
/// Nothing outside destdir is ever served: paths with `.` or `..` components (encoded or
/// not) or NUL are 404, and a symbolic link counts only when its target resolves inside
/// destdir. Anything else that is not a regular file or a directory (a FIFO, a socket) is
/// 404 too.
///
/// Hummingbird's `FileMiddleware` does not fit: it answers `..` with 400, lists no
/// directories, and its file provider must know a file's size up front, which a
/// decompressed log does not have. Its `FileIO` streams the files here.
///
/// ```swift
/// let results = ResultsFiles(layout: ResultsLayout(destdir: "/var/lib/copr/public_html/results", baseURL: "http://127.0.0.1:5007/results"))
/// ```
public struct ResultsFiles: FrontendRoutes {
    /// The URL path the tree is served under.
    public static let urlPrefix = "/results"

    /// The most text a compressed log is decompressed to for one answer (a gzip file of a
    /// megabyte can hold gigabytes); the text then ends with a line that says so.
    public static let defaultDecompressedLogLimit = 256 << 20

    private let layout: ResultsLayout
    private let decompressedLogLimit: Int
    private let fileIO = FileIO()

    public init(layout: ResultsLayout, decompressedLogLimit: Int = Self.defaultDecompressedLogLimit) {
        self.layout = layout
        self.decompressedLogLimit = decompressedLogLimit
    }

    public func register(on router: Router<FrontendRequestContext>) {
        for path: RouterPath in ["results", "results/**"] {
            router.get(path) { request, context in try await respond(to: request, context: context) }
            router.head(path) { request, context in try await respond(to: request, context: context) }
        }
    }

    /// A file system object found below destdir, by its resolved path.
    private enum Entry {
        case directory(String)
        case file(String, size: Int)
    }

    private func respond(to request: Request, context: FrontendRequestContext) async throws -> Response {
        guard let requested = RequestedPath(urlPath: request.uri.path), let root = ResolvedPath.of(layout.destdir) else {
            throw HTTPError(.notFound)
        }
        switch Self.lookUp(requested.components, below: root) {
        case .directory(let path):
            guard requested.endsWithSlash else { return .redirect(to: request.uri.path + "/", type: .permanent) }
            let listing = DirectoryListing(
                urlPath: Self.urlPrefix + "/" + requested.components.map { $0 + "/" }.joined(),
                entries: try DirectoryListing.entries(of: path))
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: request.method == .head ? .init() : .init(byteBuffer: ByteBuffer(string: listing.html)))
        case .file(let path, let size):
            guard !requested.endsWithSlash else { throw HTTPError(.notFound) }
            var headers: HTTPFields = [.contentType: Self.contentType(ofFileNamed: path)]
            if path.hasSuffix(".log.gz") { headers[.contentEncoding] = "gzip" }
            return try await fileResponse(path, size: size, headers: headers, request: request, context: context)
        case nil:
            guard let name = requested.components.last, name.hasSuffix(".log"), !requested.endsWithSlash,
                  case .file(let compressed, let size) = Self.lookUp(requested.components.dropLast() + [name + ".gz"], below: root)
            else { throw HTTPError(.notFound) }
            return try await compressedLogResponse(compressed, size: size, request: request, context: context)
        }
    }

    /// The file as it is on disk, streamed by `FileIO`; HEAD gets the headers alone.
    private func fileResponse(
        _ path: String, size: Int, headers: HTTPFields, request: Request, context: FrontendRequestContext
    ) async throws -> Response {
        guard request.method != .head else {
            var headers = headers
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers)
        }
        // FileIO measures the file again and sends what it measured: a live log may have
        // grown since `size` was taken.
        return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: path, context: context))
    }

    /// A `.log` that only exists compressed, answered as text.
    private func compressedLogResponse(
        _ path: String, size: Int, request: Request, context: FrontendRequestContext
    ) async throws -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .vary: "Accept-Encoding"]
        if Self.acceptsGzip(request.headers[values: .acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return try await fileResponse(path, size: size, headers: headers, request: request, context: context)
        }
        guard request.method != .head else { return Response(status: .ok, headers: headers) }
        let log = GzipReader(path: path)
        let limit = decompressedLogLimit
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var room = limit
            try await log.forEachChunk { chunk in
                guard chunk.readableBytes > room else {
                    room -= chunk.readableBytes
                    try await writer.write(chunk)
                    return true
                }
                try await writer.write(chunk.getSlice(at: chunk.readerIndex, length: room) ?? ByteBuffer())
                let name = (path as NSString).lastPathComponent
                try await writer.write(ByteBuffer(string: "\n[the log goes on beyond \(limit) bytes; \(name) holds all of it]\n"))
                return false
            }
            try await writer.finish(nil)
        })
    }

    /// What `components` names below `root` (a resolved directory), or nil when it does
    /// not exist, resolves outside `root`, or is neither a regular file nor a directory.
    private static func lookUp(_ components: [String], below root: String) -> Entry? {
        guard let path = ResolvedPath.of(([root] + components).joined(separator: "/")),
              path == root || path.hasPrefix(root + "/")
        else { return nil }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory(path)
        case S_IFREG: return .file(path, size: Int(status.st_size))
        default: return nil
        }
    }

    /// Whether an `Accept-Encoding` lets us answer gzip: it names `gzip` (or `*`) without `q=0`.
    static func acceptsGzip(_ acceptEncoding: [String]) -> Bool {
        acceptEncoding.flatMap { $0.split(separator: ",") }.contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    /// The `Content-Type` of a results file: logs and build metadata as UTF-8 text, RPMs
    /// as bytes, the rest by Hummingbird's table of extensions.
    static func contentType(ofFileNamed name: String) -> String {
        let fileExtension = (name as NSString).pathExtension.lowercased()
        switch fileExtension {
        case "log", "txt", "info", "spec", "cfg", "repo": return "text/plain; charset=utf-8"
        case "gz" where name.hasSuffix(".log.gz"): return "text/plain; charset=utf-8"
        case "rpm": return "application/octet-stream"
        default: return MediaType.getMediaType(forExtension: fileExtension)?.description ?? "application/octet-stream"
        }
    }
}

/// A `/results/…` URL path taken apart: the percent-decoded components below the prefix,
/// or nil for a path that tries to leave the tree (a `.` or `..` component, NUL) or is
/// not valid percent-encoding.
private struct RequestedPath {
    var components: [String]
    var endsWithSlash: Bool

    init?(urlPath: String) {
        guard urlPath.hasPrefix(ResultsFiles.urlPrefix),
              let decoded = String(urlPath.dropFirst(ResultsFiles.urlPrefix.count)).removingPercentEncoding,
              decoded.isEmpty || decoded.hasPrefix("/"), !decoded.contains("\0")
        else { return nil }
        // Decoded before splitting, so that an encoded `/` cannot hide a `..` in a component.
        components = decoded.split(separator: "/").map(String.init)
        guard !components.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        endsWithSlash = decoded.hasSuffix("/")
    }
}
