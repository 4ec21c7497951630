/// Removes what a build left in the results tree before the store forgets it, and
/// regenerates a project's repositories on request. ``UserAPI`` gets one injected:
/// ``ActionQueueRemover`` queues these as actions for the backend, as a Copr frontend does.
public protocol BuildResultsRemover: Sendable {
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
}
