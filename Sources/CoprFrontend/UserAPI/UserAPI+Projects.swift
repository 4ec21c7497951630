import CoprCore
import Foundation
import Hummingbird

/// The user API's project routes beyond listing: create, edit and delete a project, and
/// the chroots a project may name. Each write route reads its request and calls one
/// function named for the action, the one place where a check of who may do it belongs.
///
/// | Route under `/api/` | Answer |
/// |---|---|
/// | `PATCH projects/<owner>/<name>` with `{"chroots", "signing"}` (each optional) | the project |
/// | `DELETE projects/<owner>/<name>` | `{"deleted": "<owner>/<name>"}`; 409 while a build of it has not ended |
/// | `GET chroots` | `{"architectures", "form", "in_use"}` |
extension UserAPI {
    func registerProjectRoutes(on routes: RouteCollection<FrontendRequestContext>) {
        routes.patch("projects/:owner/:name") { request, context in
            let (owner, name) = try Self.project(context)
            let changes = try UserAPIRequests.projectChanges(try await Self.body(of: request))
            return Self.json(records.project(try await editProject(owner: owner, name: name, changes, context)))
        }
        routes.delete("projects/:owner/:name") { _, context in
            let (owner, name) = try Self.project(context)
            return Self.json(["deleted": .string(try await deleteProject(owner: owner, name: name, context).fullName)])
        }
        routes.get("chroots") { _, _ in
            Self.json(ChrootCatalog(offer: store.chrootOffer, projects: try await store.projects()).json)
        }
    }

    /// Creates the project once the requester may; signing is refused when the deployment
    /// has no signer.
    func createProject(_ request: NewProject, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.create, context, owner: request.owner, project: request.name)
        if request.signingEnabled { try requireSigner() }
        return try await store.createProject(request)
    }

    /// Applies the changes once the requester may; signing is refused when the deployment
    /// has no signer.
    func editProject(owner: String, name: String, _ changes: ProjectChanges, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.edit, context, owner: owner, project: name)
        if changes.signingEnabled == true { try requireSigner() }
        return try await store.editProject(owner: owner, name: name, changes: changes)
    }

    /// Once the requester may edit the project, regenerates the repository of each of its
    /// chroots that has results; returns the project.
    func regenerateRepositories(owner: String, name: String, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.edit, context, owner: owner, project: name)
        let project = try await store.project(owner: owner, name: name)
        do {
            try await resultsRemover.regenerateRepositories(of: project)
        } catch {
            logger.error("Regenerating the repositories of project \(project.fullName) failed: \(error)")
            throw UserAPIError(.internalServerError, "Could not regenerate the repositories of project \(project.fullName): \(error)")
        }
        return project
    }

    /// Once the requester may, refuses a project with a build that has not ended, removes
    /// its results (keeping the project when that fails), forgets it, then removes its
    /// builds' uploads; returns the project as it was.
    func deleteProject(owner: String, name: String, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.delete, context, owner: owner, project: name)
        let project = try await store.project(owner: owner, name: name)
        let unended = try await store.builds(owner: owner, project: name).filter { !$0.hasEnded }.map(\.build.id)
        guard unended.isEmpty else { throw ProjectBuildsNotEnded(project: project.fullName, buildIDs: unended) }
        do {
            try await resultsRemover.removeResults(of: project)
        } catch {
            logger.error("Removing the results of project \(project.fullName) failed: \(error)")
            throw UserAPIError(
                .internalServerError,
                "Could not remove the results of project \(project.fullName), so it is kept; delete it again once this is fixed: \(error)")
        }
        for upload in try await store.deleteProject(owner: owner, name: name) { removeUpload(upload) }
        return project
    }

    private func requireSigner() throws {
        guard signerConfigured else {
            throw UserAPIError(
                .badRequest,
                "This deployment has no signer ([backend] do_sign is off), so its packages cannot be signed; leave signing off, or configure a signer and restart copr-backend")
        }
    }
}
