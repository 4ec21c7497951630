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
/// | `GET projects/<owner>/<name>/chroots/<chroot>` | the chroot's settings |
/// | `PATCH projects/<owner>/<name>/chroots/<chroot>` with the settings to change | the chroot's settings |
/// | `POST projects/<owner>/<name>/webhook-secret` | the project with a new webhook secret |
/// | `GET chroots` | `{"architectures", "form", "in_use"}` |
extension UserAPI {
    func registerProjectRoutes(on routes: RouteCollection<FrontendRequestContext>) {
        routes.patch("projects/:owner/:name") { request, context in
            let (owner, name) = try Self.project(context)
            let changes = try UserAPIRequests.projectChanges(try await Self.body(of: request))
            return Self.json(try await projectRecord(try await editProject(owner: owner, name: name, changes, context), context))
        }
        routes.post("projects/:owner/:name/webhook-secret") { _, context in
            let (owner, name) = try Self.project(context)
            return Self.json(try await projectRecord(try await newWebhookSecret(owner: owner, name: name, context), context))
        }
        routes.delete("projects/:owner/:name") { _, context in
            let (owner, name) = try Self.project(context)
            return Self.json(["deleted": .string(try await deleteProject(owner: owner, name: name, context).fullName)])
        }
        routes.get("projects/:owner/:name/chroots/:chroot") { _, context in
            let (owner, name) = try Self.project(context)
            let chroot = try Chroot(try context.parameters.require("chroot"), field: "chroot").name
            let (_, settings) = try await Self.chrootSettings(store, owner: owner, name: name, chroot: chroot)
            return Self.json(records.chroot(chroot, settings))
        }
        routes.patch("projects/:owner/:name/chroots/:chroot") { request, context in
            let (owner, name) = try Self.project(context)
            let chroot = try Chroot(try context.parameters.require("chroot"), field: "chroot").name
            _ = try await Self.chrootSettings(store, owner: owner, name: name, chroot: chroot)
            let changes = try UserAPIRequests.chrootChanges(try await Self.body(of: request))
            return Self.json(records.chroot(chroot, try await editChroot(owner: owner, name: name, chroot: chroot, changes, context).1))
        }
        routes.get("chroots") { _, _ in
            Self.json(ChrootCatalog(offer: store.chrootOffer, projects: try await store.projects()).json)
        }
    }

    /// Creates the project once the requester may, with an empty repository for each
    /// chroot and, when it is signed, its signing key; signing is refused when the
    /// deployment has no signer.
    func createProject(_ request: NewProject, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.create, context, owner: request.owner, project: request.name)
        if request.signingEnabled { try requireSigner() }
        let project = try await store.createProject(request)
        await createMissingRepositories(of: project)
        if project.signingEnabled { await generateKey(of: project) }
        return project
    }

    /// Applies the changes once the requester may, with an empty repository for each
    /// chroot added and the signing key made when signing is turned on; signing is
    /// refused when the deployment has no signer.
    func editProject(owner: String, name: String, _ changes: ProjectChanges, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.edit, context, owner: owner, project: name)
        if changes.signingEnabled == true { try requireSigner() }
        let wasSigned = try await store.project(owner: owner, name: name).signingEnabled
        let project = try await store.editProject(owner: owner, name: name, changes: changes)
        if changes.chroots != nil { await createMissingRepositories(of: project) }
        if project.signingEnabled, !wasSigned { await generateKey(of: project) }
        return project
    }

    /// Changes the settings of a chroot of a project once the requester may edit the
    /// project; returns the project and the chroot's settings.
    func editChroot(
        owner: String, name: String, chroot: String, _ changes: ChrootSettingsChanges, _ context: FrontendRequestContext
    ) async throws -> (Project, ChrootSettings) {
        try await authorized(.edit, context, owner: owner, project: name)
        let settings = try await store.editChroot(owner: owner, name: name, chroot: chroot, changes: changes)
        return (try await store.project(owner: owner, name: name), settings)
    }

    /// The settings of a chroot of a project; 404 for a chroot the project does not have.
    static func chrootSettings(
        _ store: FrontendStore, owner: String, name: String, chroot: String
    ) async throws -> (Project, ChrootSettings) {
        let project = try await store.project(owner: owner, name: name)
        guard project.chroots.contains(chroot) else {
            throw UserAPIError(.notFound, "Chroot \(chroot) does not exist in \(project.fullName); it has \(project.chroots.joined(separator: ", "))")
        }
        return try await store.chrootSettings(owner: owner, name: name, chroot: chroot)
    }

    /// Gives the chroots of `project` without a repository an empty one. A failure is
    /// logged, not answered: the project is stored, and the backend names the way out
    /// (`regenerate-repos`) if a build waits for the repository in vain.
    func createMissingRepositories(of project: Project) async {
        do {
            try await resultsActions.createMissingRepositories(of: project)
        } catch {
            logger.error("Creating the repositories of project \(project.fullName) failed: \(error)")
        }
    }

    /// Has the backend make the signing key of `project` when the deployment signs. A
    /// failure is logged, not answered: the project is stored, and the backend makes a
    /// missing key when it first signs.
    private func generateKey(of project: Project) async {
        guard signerConfigured else { return }
        do {
            try await resultsActions.generateKey(of: project)
        } catch {
            logger.error("Queuing the signing key of project \(project.fullName) failed: \(error)")
        }
    }

    /// Once the requester may edit the project, regenerates the repository of each of its
    /// chroots that has results; returns the project.
    func regenerateRepositories(owner: String, name: String, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.edit, context, owner: owner, project: name)
        let project = try await store.project(owner: owner, name: name)
        do {
            try await resultsActions.regenerateRepositories(of: project)
        } catch {
            logger.error("Regenerating the repositories of project \(project.fullName) failed: \(error)")
            throw UserAPIError(.internalServerError, "Could not regenerate the repositories of project \(project.fullName): \(error)")
        }
        return project
    }

    /// Once the requester may, deletes the project (``removeProject(_:)``); returns it as
    /// it was.
    func deleteProject(owner: String, name: String, _ context: FrontendRequestContext) async throws -> Project {
        try await authorized(.delete, context, owner: owner, project: name)
        let project = try await store.project(owner: owner, name: name)
        try await removeProject(project)
        return project
    }

    /// Refuses a project with a build that has not ended (``ProjectBuildsNotEnded``),
    /// removes its results (keeping the project when that fails), forgets it, then removes
    /// its builds' uploads: what deleting a project does, whoever asks.
    public func removeProject(_ project: Project) async throws {
        let owner = project.owner, name = project.name
        let unended = try await store.builds(owner: owner, project: name).filter { !$0.hasEnded }.map(\.build.id)
        guard unended.isEmpty else { throw ProjectBuildsNotEnded(project: project.fullName, buildIDs: unended) }
        do {
            try await resultsActions.removeResults(of: project)
        } catch {
            logger.error("Removing the results of project \(project.fullName) failed: \(error)")
            throw UserAPIError(
                .internalServerError,
                "Could not remove the results of project \(project.fullName), so it is kept; delete it again once this is fixed: \(error)")
        }
        for upload in try await store.deleteProject(owner: owner, name: name) { removeUpload(upload) }
    }

    private func requireSigner() throws {
        guard signerConfigured else {
            throw UserAPIError(
                .badRequest,
                "This deployment has no signer ([backend] do_sign is off), so its packages cannot be signed; leave signing off, or configure a signer and restart copr-backend")
        }
    }

    /// Gives a project a new webhook secret once the requester may edit it (its old webhook
    /// URLs stop working); returns the project.
    func newWebhookSecret(owner: String, name: String, _ context: FrontendRequestContext) async throws -> Project {
        _ = try await store.project(owner: owner, name: name)
        try await authorized(.edit, context, owner: owner, project: name)
        return try await store.newWebhookSecret(owner: owner, name: name)
    }
}
