/// What the user API asks of the results tree: removing what builds and projects left
/// there, making and regenerating repositories, generating a project's signing key and
/// forking a project. ``UserAPI`` gets one injected: ``QueuedResultsActions`` queues each
/// as an action for the backend, as a Copr frontend does.
public protocol ResultsActions: Sendable {
    /// Removes the results of `build`, which has ended. Throwing keeps the build: the
    /// user API answers 500 with the reason, and deleting again retries.
    func removeResults(of build: BuildOverview) async throws

    /// Removes the results of `builds`, all of one project and ended, at once (Copr's
    /// delete of several builds).
    func removeResults(of builds: [BuildOverview]) async throws

    /// Removes the whole results directory of `project`, whose builds have all ended;
    /// throwing keeps the project as for a build.
    func removeResults(of project: Project) async throws

    /// Regenerates the repository of each chroot of `project` that has a results
    /// directory (Copr's `regenerate-repos`); throwing answers 500 with the reason.
    func regenerateRepositories(of project: Project) async throws

    /// Gives each chroot of `project` that has no repository yet an empty one, as Copr's
    /// createrepo action does for a new project or chroot: builds install from the
    /// project's own repository (`copr_base`), and the backend waits until it exists.
    func createMissingRepositories(of project: Project) async throws

    /// Has the backend make the signing key of `project` (Copr's `gen_gpg_key`), so that
    /// its key exists before its first build is signed.
    func generateKey(of project: Project) async throws

    /// Forks a project as ``FrontendStore/forkProject(_:)`` does and has the backend copy
    /// the forked builds' results; the caller checked who may.
    func fork(_ request: ForkRequest) async throws -> ProjectFork
}
