import CoprCore
import Foundation
import Hummingbird
import Logging

/// The user API's log route (docs/USER-API.md, "Logs"), which `copr-backend logs -f`
/// polls:
///
/// `GET /api/builds/<id>/log/<chroot>?offset=<n>` (`<chroot>` is `srpm-builds` for the
/// source build) answers up to 1 MiB of the task's `builder-live.log` from byte `offset`
/// on, plain or already gzipped, with the headers
///
/// | Header | Value |
/// |---|---|
/// | `Copr-Log-Offset` | the offset after these bytes, for the next poll |
/// | `Copr-Task-State` | the task's state name (`running`, `succeeded`, …) |
/// | `Copr-Log-Complete` | `true` once the task has ended, the backend is done with its log and nothing follows (absent before) |
///
/// An unknown build or a chroot the build does not have: 404; a malformed id or offset:
/// 400; both with `{"error": "…"}`. A log that cannot be read (a corrupt `.gz`) is logged
/// and answered 500.
///
/// ```swift
/// let logs = BuildLogAPI(store: store, layout: layout, logger: logger)
/// let server = FrontendServer(host: "127.0.0.1", port: 5007, parts: [logs], logger: logger)
/// ```
public struct BuildLogAPI: FrontendRoutes {
    static let offsetHeader = HTTPFields.Element.Name("Copr-Log-Offset")!
    static let stateHeader = HTTPFields.Element.Name("Copr-Task-State")!
    static let completeHeader = HTTPFields.Element.Name("Copr-Log-Complete")!

    private let store: FrontendStore
    private let layout: ResultsLayout
    private let logger: Logger

    /// - Parameter layout: Where the backend writes the task directories (`[backend] destdir`).
    public init(store: FrontendStore, layout: ResultsLayout, logger: Logger) {
        self.store = store
        self.layout = layout
        self.logger = logger
    }

    public func register(on router: Router<FrontendRequestContext>) {
        // Under /api/, so refused the user API's way: a status and {"error": "..."}, and a
        // bad token refused as there.
        let routes = RouteCollection(context: FrontendRequestContext.self)
        routes.add(middleware: UserAPIErrorMiddleware(logger: logger))
        routes.add(middleware: TokenAuthenticator(store: store))
        routes.get("builds/:id/log/:chroot") { request, context in
            let buildID = try TaskRules.buildID(try context.parameters.require("id"))
            let chroot = try context.parameters.require("chroot")
            let offset = try Self.offset(request.uri.queryParameters.get("offset"))
            return try await logPiece(buildID: buildID, chroot: chroot, offset: offset)
        }
        router.addRoutes(routes, atPath: "api")
    }

    private func logPiece(buildID: Int, chroot: String, offset: Int) async throws -> Response {
        // The state before the log: once it is final, the log read after it is whole.
        let overview = try await store.build(id: buildID)
        let state: BuildStatus
        let directory: String?
        if chroot == TaskID.sourceBuildsChroot {
            state = overview.build.sourceStatus
            directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: nil)
        } else if let task = overview.chroots.first(where: { $0.chroot == chroot }) {
            state = task.status
            directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: task)
        } else {
            let chroots = ([TaskID.sourceBuildsChroot] + overview.chroots.map(\.chroot)).joined(separator: ", ")
            throw UserAPIError(.notFound, "Build \(buildID) has no chroot \(TaskRules.quoted(chroot)); it has \(chroots)")
        }
        // A task whose directory is not known yet has not written a log yet.
        let piece = if let directory {
            try await LiveLogReader(taskDirectory: layout.path(directory)).read(from: offset)
        } else {
            LiveLogReader.Piece(bytes: ByteBuffer(), nextOffset: offset, reachedEnd: true, isFinal: true)
        }
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            Self.offsetHeader: String(piece.nextOffset),
            Self.stateHeader: state.name,
        ]
        if state.isTerminal && piece.reachedEnd && piece.isFinal {
            headers[Self.completeHeader] = "true"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: piece.bytes))
    }

    /// The `offset` query parameter: a byte offset, 0 when absent.
    private static func offset(_ text: String?) throws(InvalidField) -> Int {
        guard let text else { return 0 }
        guard let offset = Int(text), offset >= 0 else {
            throw InvalidField(field: "offset", reason: "expected a byte offset of 0 or more, found \(TaskRules.quoted(text))")
        }
        return offset
    }
}
