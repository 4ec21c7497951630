import CoprCore
import Hummingbird

/// `POST /api/builds/<id>/resubmit`: one function for the action, where a check of who
/// may submit to the project belongs.
extension UserAPI {
    /// A new build of the source of build `buildID` for the same chroots, with the same
    /// options, submitted by the requester, who must be allowed to build in the project;
    /// an uploaded source is copied, since an upload belongs to one build. Returns the new
    /// build.
    func resubmitted(buildID: Int, _ context: FrontendRequestContext) async throws -> BuildOverview {
        let overview = try await store.build(id: buildID)
        let account = try await authorized(.submitBuild, context, owner: overview.project.owner, project: overview.project.name)
        let build = overview.build
        var source = build.source
        if case .upload(let name, _) = source {
            let copy = try uploads.copy(name)
            source = .upload(name: copy, url: "\(uploadsURL)/\(copy)")
        } else {
            try await sourceURLs.check(source, uploads: store, uploadsURL: uploadsURL)
        }
        let submission = BuildSubmission(
            owner: overview.project.owner, project: overview.project.name, submitter: account.login, source: source,
            chroots: overview.chroots.map(\.chroot), background: build.background, timeout: build.timeout,
            enableNet: build.enableNet)
        do {
            return try await store.submitBuild(submission)
        } catch {
            if case .upload(let copy, _) = source, source != build.source { removeUpload(copy) }
            throw error
        }
    }
}
