import CoprCore
import Foundation

/// Obtains the task JSON: an unauthenticated GET with upstream's SafeRequest policy, a
/// local file, or the REF-style URL built from `frontend_url`.
public struct TaskLoader: Sendable {
    public let context: BuildContext

    public init(context: BuildContext) { self.context = context }

    /// Loads the task; `chrootOverride` (`--chroot`) replaces the task's chroot.
    public func load(from origin: TaskOrigin, sourceBuild: Bool, chrootOverride: String?) async throws -> BuildTask {
        if let chrootOverride {
            try TaskValidator.checked { () throws(InvalidField) in try TaskRules.resultsChroot(chrootOverride) }
        }
        let data: Data
        switch origin {
        case .file(let path):
            context.logger.info("Reading the task from \(path)")
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CoprRPMBuildError.taskUnavailable(source: path, reason: "the file cannot be read")
            }
            data = contents
        case .url(let url):
            data = try await fetch(url)
        case .buildID(let id):
            guard let buildID = try? TaskRules.buildID(id) else {
                throw CoprRPMBuildError.usage("--build-id must be a number, got '\(TaskRules.shown(id))'")
            }
            let base = context.config.frontendURL.hasSuffix("/") ? String(context.config.frontendURL.dropLast()) : context.config.frontendURL
            if sourceBuild {
                data = try await fetch("\(base)/backend/get-srpm-build-task/\(buildID)")
            } else {
                guard let chroot = chrootOverride else {
                    throw CoprRPMBuildError.usage("--build-id for an RPM build needs --chroot")
                }
                data = try await fetch("\(base)/backend/get-build-task/\(TaskID.rpm(buildID: buildID, chroot: chroot))")
            }
        }
        var task = try BuildTask(json: data)
        if let chrootOverride { task.build(in: chrootOverride) }
        return task
    }

    private func fetch(_ url: String) async throws -> Data {
        context.logger.info("Fetching the task from \(url)")
        do {
            return try await context.downloader.fetch(url, retry: context.httpRetry)
        } catch let error as CoprRPMBuildError {
            throw CoprRPMBuildError.taskUnavailable(source: url, reason: "\(error)")
        }
    }
}
