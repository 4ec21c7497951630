import CoprBackend
import CoprCore
import CoprFrontend
import Foundation
import Logging

/// The embedded frontend as `copr-backend run` serves it beside the dispatcher: the
/// store in `<state_dir>/frontend.sqlite`, uploads in `<state_dir>/uploads`, and one HTTP
/// server on `[frontend] listen` with every part: the Copr backend API the builders use
/// (the daemon's dispatcher and workers call the same operations in process, through
/// `InProcessFrontend` on ``store``), the user API and its log route, the uploads, the
/// results tree of `destdir`, the projects' repo files, and Copr's API v3 for copr-cli,
/// python-copr and dnf's copr plugins (its writes share the user API's actions), and the
/// web pages under `/`. Submitted source URLs may not reach the
/// addresses the frontend and the daemon listen on (``SourceURLRule``).
struct EmbeddedFrontend {
    let store: FrontendStore
    let server: FrontendServer
    /// The results tree the frontend names repositories and result directories in.
    let layout: ResultsLayout
    /// Deletes the projects whose `delete_after_days` ran out, hourly.
    let expirySweep: ProjectExpirySweep

    /// Opens the store; `onWork` is called whenever a user gives the backend work or a cancel,
    /// `onActions` whenever an action is queued (deletes and createrepo are the daemon's
    /// action dispatcher's, as with a Copr frontend), `onListening` once the server
    /// listens, with its port; `queue` tells build answers where waiting tasks stand, and
    /// `farm` the status page what the daemon does.
    init(
        _ configuration: BackendConfiguration, queue: any QueueReporter, farm: any FarmStatusSource, onWork: @escaping @Sendable () -> Void,
        onActions: @escaping @Sendable () -> Void, onListening: @escaping @Sendable (Int) async -> Void, logger: Logger
    ) throws {
        let backend = configuration.backend, options = configuration.frontend
        store = try FrontendStore(
            path: FrontendStore.path(stateDirectory: backend.stateDir), onWork: onWork, chrootOffer: options.chroots)
        let layout = ResultsLayout(destdir: backend.destdir, baseURL: backend.resultsBaseURL)
        self.layout = layout
        let uploadDirectory = (backend.stateDir as NSString).appendingPathComponent("uploads")
        let resultsActions = QueuedResultsActions(store: store, layout: layout, wakeUp: onActions)
        let userAPI = UserAPI(
            store: store, layout: layout, publicURL: options.publicURL, uploadDirectory: uploadDirectory,
            maximumUploadSize: options.maxUploadSize,
            sourceURLs: SourceURLRule(listenHosts: [options.listen.host, backend.httpListen.host]),
            resultsActions: resultsActions, signerConfigured: backend.doSign, queue: queue, logger: logger)
        expirySweep = ProjectExpirySweep(store: store, actions: userAPI, logger: logger)
        let parts: [any FrontendRoutes] = [
            BackendAPI(store: store, layout: layout, password: backend.frontendAuth, logger: logger),
            userAPI,
            BuildLogAPI(store: store, layout: layout, logger: logger),
            UploadFiles(uploadDirectory: uploadDirectory),
            ResultsFiles(layout: layout),
            RepoFiles(store: store, layout: layout, publicURL: options.publicURL),
            APIv3(store: store, layout: layout, actions: userAPI, logger: logger),
            Webhooks(store: store, actions: userAPI, logger: logger),
            try WebSignIn(store: store, sessions: WebSessions(store: store, publicURL: options.publicURL), logger: logger),
            try WebInterface(store: store, layout: layout, publicURL: options.publicURL, actions: userAPI, farm: farm),
        ]
        server = FrontendServer(
            host: options.listen.host, port: options.listen.port, limits: options.limits, parts: parts, logger: logger,
            onListening: onListening)
    }
}
