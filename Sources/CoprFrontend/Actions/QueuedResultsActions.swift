import CoprCore
import Foundation

/// Changes the results tree as a Copr frontend does: by queuing actions for the
/// backend's action dispatcher, which deletes a build's or a project's results, runs
/// createrepo, makes a project's signing key and copies a fork's builds in the
/// background; the request that asked answers at once. `wakeUp` tells the dispatcher
/// there is work.
///
/// ```swift
/// let resultsActions = QueuedResultsActions(store: store, layout: layout) { actions.wakeUp() }
/// ```
public struct QueuedResultsActions: ResultsActions {
    let store: FrontendStore
    let layout: ResultsLayout
    let wakeUp: @Sendable () -> Void

    /// - Parameter layout: where the results tree is, to tell which chroots have a
    ///   repository yet.
    public init(store: FrontendStore, layout: ResultsLayout, wakeUp: @escaping @Sendable () -> Void) {
        self.store = store
        self.layout = layout
        self.wakeUp = wakeUp
    }

    public func removeResults(of build: BuildOverview) async throws {
        try await queue(.deleteBuild(build))
    }

    public func removeResults(of builds: [BuildOverview]) async throws {
        guard let action = NewAction.deleteBuilds(builds) else { return }
        try await queue(action)
    }

    public func removeResults(of project: Project) async throws {
        try await queue(.deleteProject(project))
    }

    public func regenerateRepositories(of project: Project) async throws {
        try await queue(.createrepo(project, chroots: project.chroots, reason: "regenerate-repos"))
    }

    /// A createrepo action for the chroots without a repository, unless one for the
    /// project already waits: every build submission asks, and createrepo of a chroot
    /// that has its repository would only cost time.
    public func createMissingRepositories(of project: Project) async throws {
        let missing = project.chroots.filter { chroot in
            !FileManager.default.fileExists(atPath: layout.path("\(layout.projectDirectory(project))/\(chroot)/repodata/repomd.xml"))
        }
        guard !missing.isEmpty, try await !store.hasWaitingAction(.createrepo, projectID: project.id) else { return }
        try await queue(.createrepo(project, chroots: missing, reason: "new chroots"))
    }

    public func generateKey(of project: Project) async throws {
        try await queue(.generateKey(project))
    }

    /// The fork and its action are stored in one transaction (``FrontendStore/forkProject(_:)``).
    public func fork(_ request: ForkRequest) async throws -> ProjectFork {
        let fork = try await store.forkProject(request)
        wakeUp()
        return fork
    }

    private func queue(_ action: NewAction) async throws {
        try await store.enqueue(action)
        wakeUp()
    }
}
