import CoprCore

extension BuildWorker {
    /// What the worker talks to; each is a small protocol with real implementations.
    public struct Services: Sendable {
        public var frontend: any FrontendAPI
        public var hosts: any HostProvider
        public var shells: any RemoteShellFactory
        public var createrepo: CreaterepoService
        public var signer: (any Signer)?
        public var events: any BuildEventSink
        public var failureCounter: ConsecutiveFailureCounter?
        public var metrics: BackendMetrics?
        public var runner: ProcessRunner

        public init(frontend: any FrontendAPI, hosts: any HostProvider, shells: any RemoteShellFactory,
                    createrepo: CreaterepoService, signer: (any Signer)?, events: any BuildEventSink = NoBuildEvents(),
                    failureCounter: ConsecutiveFailureCounter? = nil, metrics: BackendMetrics? = nil,
                    runner: ProcessRunner = ProcessRunner()) {
            self.frontend = frontend
            self.hosts = hosts
            self.shells = shells
            self.createrepo = createrepo
            self.signer = signer
            self.events = events
            self.failureCounter = failureCounter
            self.metrics = metrics
            self.runner = runner
        }
    }
}
