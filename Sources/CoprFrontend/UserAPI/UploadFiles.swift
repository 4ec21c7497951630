import Hummingbird

/// Serves the uploaded sources read-only at `GET /uploads/<UUID>/<file name>`: the builders
/// download an uploaded SRPM or spec file from there. Anything else under `/uploads/` is
/// 404, and no path leads out of the upload directory.
///
/// ```swift
/// let parts: [any FrontendRoutes] = [userAPI, UploadFiles(uploadDirectory: "/var/lib/copr/uploads")]
/// ```
public struct UploadFiles: FrontendRoutes {
    private let uploads: UploadDirectory

    /// - Parameter uploadDirectory: The directory ``UserAPI`` stores uploads in.
    public init(uploadDirectory: String) {
        uploads = UploadDirectory(path: uploadDirectory)
    }

    public func register(on router: Router<FrontendRequestContext>) {
        let uploads = self.uploads
        router.get("uploads/:directory/:file") { _, context in
            let upload = "\(try context.parameters.require("directory"))/\(try context.parameters.require("file"))"
            guard let file = uploads.existingFile(upload) else { throw HTTPError(.notFound) }
            let contentType = file.hasSuffix(".spec") ? "text/plain; charset=utf-8" : "application/x-rpm"
            return Response(
                status: .ok, headers: [.contentType: contentType],
                body: try await FileIO().loadFile(path: file, context: context))
        }
    }
}
