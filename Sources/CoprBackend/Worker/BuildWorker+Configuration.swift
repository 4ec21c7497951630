import Foundation
import Logging

extension BuildWorker.Services {
    /// The real services a configuration describes: the frontend client with the
    /// worker's endless retry policy, resalloc or the static pool, OpenSSH, createrepo_c
    /// and the configured signer.
    public static func from(
        _ configuration: BackendConfiguration, metrics: BackendMetrics? = nil, logger: Logger
    ) -> BuildWorker.Services {
        let backend = configuration.backend
        let timing = configuration.timing
        let frontend = FrontendClient(
            baseURL: backend.frontendBaseURL, password: backend.frontendAuth,
            policy: .worker(timing), logger: logger, metrics: metrics)
        let hosts: any HostProvider
        switch configuration.hosts.provider {
        case .resalloc:
            hosts = ResallocHostProvider(
                client: ResallocClient(
                    url: configuration.hosts.resallocConnection, retryPause: timing.hostReadyDelay(attempt: 0),
                    requestTimeout: timing.frontendRequestTimeout),
                timing: timing)
        case .static:
            hosts = StaticHostPool(hosts: configuration.hosts.staticHosts)
        }
        let shells = BuilderShellFactory(
            ssh: OpenSSHShell.Settings(
                configFile: configuration.sshBuilderConfig,
                stateDirectory: (backend.stateDir as NSString).appendingPathComponent("ssh"),
                rsyncAttempts: timing.rsyncAttempts, retryPause: timing.sshRetryPause,
                commandTimeout: timing.sshCommandTimeout),
            resultsDir: configuration.builder.resultsDir,
            localIsolation: configuration.hosts.localIsolation, hiddenPaths: configuration.localSandboxHiddenPaths,
            logger: logger)
        let createrepo = CreaterepoService(
            command: backend.createrepoCommand,
            lockDirectory: (backend.stateDir as NSString).appendingPathComponent("createrepo"), logger: logger)
        return BuildWorker.Services(
            frontend: frontend, hosts: hosts, shells: shells, createrepo: createrepo,
            signer: signer(configuration, logger: logger),
            failureCounter: ConsecutiveFailureCounter(stateDirectory: backend.stateDir),
            metrics: metrics)
    }

    private static func signer(_ configuration: BackendConfiguration, logger: Logger) -> (any Signer)? {
        let backend = configuration.backend
        guard backend.doSign else { return nil }
        switch backend.signer {
        case .obsSign:
            return ObsSigner(
                signCommand: backend.signCommand, keygenHost: backend.keygenHost,
                gentlySHA256: backend.gentlyGpgSha256, retryPause: configuration.timing.signRetryPause,
                keygenRetryPolicy: .worker(configuration.timing), logger: logger)
        case .rpmsign:
            return RpmSigner(
                gpgHome: backend.gpgHome ?? (backend.stateDir as NSString).appendingPathComponent("gnupg"),
                gentlySHA256: backend.gentlyGpgSha256, logger: logger)
        }
    }
}
