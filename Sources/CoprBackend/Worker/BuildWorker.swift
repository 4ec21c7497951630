import CoprCore
import Foundation
import Logging

/// How a task ended for the process that ran it.
public enum BuildOutcome: Sendable, Equatable {
    /// The task reached a final state, reported to the frontend.
    case finished(BuildStatus)
    /// The frontend has no such task (404) or answers `null`; nothing was done.
    case taskUnavailable(String)
    /// Cancelled before the task record arrived; nothing to report.
    case canceledBeforeStart
    /// The frontend refused the backend's request for the record (wrong password, wrong
    /// URL): the backend is misconfigured; nothing was done.
    case backendFailure(String)
    /// The backend stopped: the remote build was stopped and the host released, but no
    /// final state was reported; the frontend still lists the task, so it runs again.
    case abandoned
}

/// The life of one build task, from its record to its final state (reference §1.7, HEAD).
///
/// `process` reads top to bottom as the story of one build. Three error types decide
/// what happens: `InfrastructureFailure` (and `SSHFailure`) move the task to another
/// host within the `AttemptBudget`; `BuildFailure` fails it now; `BuildCanceled` ends it
/// at once in every phase. Whatever happens, the host is released before local
/// publishing, and the task ends `succeeded` or `failed`, reported until the frontend
/// has it.
public struct BuildWorker: Sendable {
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

    public let configuration: BackendConfiguration
    public let services: Services
    /// worker.log: the internal log with every detail.
    public let logger: Logger

    public init(configuration: BackendConfiguration, services: Services, logger: Logger) {
        self.configuration = configuration
        self.services = services
        self.logger = logger
    }

    private var timing: TimingOptions { configuration.timing }
    private var builder: BuilderOptions { configuration.builder }

    /// Processes the task `<buildID>-<chroot>` (or the source build when `chroot` is
    /// `srpm-builds`) until it reaches a final state.
    public func process(
        buildID: Int, chroot: String, interrupt: BuildInterrupt, progress: BuildProgress = BuildProgress()
    ) async -> BuildOutcome {
        let sourceBuild = chroot == BuildJob.sourceBuildsChroot
        let taskID = sourceBuild ? String(buildID) : "\(buildID)-\(chroot)"
        var logger = self.logger
        logger[metadataKey: "task"] = "\(taskID)"

        let record: [String: JSONValue]
        do {
            // H1: 5xx and network errors are retried by the client for as long as it takes.
            let frontend = services.frontend
            guard let fetched = try await interrupt.guarding({ try await frontend.task(id: taskID, sourceBuild: sourceBuild) }) else {
                logger.error("No job object from Frontend: the record of \(taskID) is null")
                return .taskUnavailable("the frontend answered null for task \(taskID)")
            }
            record = fetched
        } catch is BuildCanceled {
            return .canceledBeforeStart
        } catch FrontendError.notFound(_, let message) {
            logger.error("Failed to get the build task \(taskID): the frontend does not know it (\(message))")
            return .taskUnavailable(message)
        } catch {
            // A refused request (wrong password, bad URL) is the backend's own problem.
            logger.error("Failed to get the build task \(taskID): \(error)")
            return .backendFailure("\(error)")
        }

        let run: BuildRun
        do {
            run = try openBuild(record, taskID: taskID, progress: progress, logger: logger)
        } catch {
            logger.error("Refusing task \(taskID): \(error)")
            services.metrics?.failed(.input)
            await reportRefusedTask(record, taskID: taskID, reason: "\(error)", logger: logger)
            return .finished(.failed)
        }

        do {
            try await interrupt.guarding {
                try await self.markStarting(run)
                try await self.buildOnBuilders(run)
                try await self.publish(run)
            }
            run.updateJob { $0.status = .succeeded }
        } catch is BuildCanceled where interrupt.reason == .shutdown {
            run.log.warning("The backend stops: the build is stopped and left for the next start")
            await releaseHost(run, cancelRemoteBuild: true)
            run.backendLog.close()
            return .abandoned
        } catch {
            explainFailure(error, run: run)
        }
        if run.resultsDownloaded.value {
            try? await services.failureCounter?.record(failed: run.job.status != .succeeded)
        }
        await releaseHost(run, cancelRemoteBuild: true)
        await markFinished(run)
        await compressLogs(run)
        return .finished(run.job.status)
    }

    // MARK: - Steps before the builders

    /// Validates the record, prepares the result directory and opens backend.log (H3).
    private func openBuild(_ record: [String: JSONValue], taskID: String, progress: BuildProgress, logger: Logger) throws -> BuildRun {
        var job = try BuildJob(
            record: record, destdir: configuration.backend.destdir,
            resultsBaseURL: configuration.backend.resultsBaseURL,
            frontendBaseURL: configuration.backend.frontendBaseURL,
            defaultTimeout: builder.defaultTimeout)
        guard job.taskID == taskID else {
            throw HostileTaskField(field: "task_id", reason: "asked for \(taskID), the frontend sent \(job.taskID)")
        }
        job.startedOn = Date().timeIntervalSince1970
        let directory = try ResultDirectory(path: job.resultsDir, root: configuration.backend.destdir)
        let hadPreviousResults = try directory.prepare()
        let backendLog = LogFile(path: job.backendLogPath)
        let log = Logger(label: "worker") { _ in
            MultiplexLogHandler([logger.handler, BuildLogHandler(file: backendLog)])
        }
        if hadPreviousResults {
            log.info("Cleaning target directory, results from previous build storing in \(directory.path)/prev_build_backup")
        }
        log.info("Starting build of task \(job.taskID) (chroot \(job.chroot), owner \(job.projectOwner), project \(job.projectDirname))")
        return BuildRun(job: job, directory: directory, log: log, backendLog: backendLog, progress: progress)
    }

    /// H4: `starting_build`; a refusal fails the task (the build was cancelled or deleted).
    private func markStarting(_ run: BuildRun) async throws {
        await run.progress.enter(.starting)
        run.updateJob { $0.status = .starting }
        guard try await services.frontend.startingBuild(run.job.updateDictionary) else {
            throw BuildFailure("Frontend forbade to start the job \(run.job.taskID)")
        }
    }

    // MARK: - The builders

    /// Runs attempts on builders until one produced results, moving to another host on
    /// infrastructure failures while the budget allows.
    private func buildOnBuilders(_ run: BuildRun) async throws {
        var budget = AttemptBudget(maxHosts: builder.maxHosts, maxAttempts: builder.maxAttempts)
        while true {
            do {
                try await attempt(number: budget.attempts, avoiding: Set(budget.hosts), run: run)
                return
            } catch let error where Self.isInfrastructureFailure(error) {
                let host = run.held?.host
                run.log.warning("Re-try request for task on '\(host?.info ?? "no host")': \(error)")
                // A machine with another host key is not ours: nothing more runs there.
                await releaseHost(run, cancelRemoteBuild: !Self.isUntrustedHost(error))
                budget.recordFailure(on: host?.hostname)
                services.metrics?.retried()
                if let exhausted = budget.exhausted {
                    throw BuildFailure("Giving up: \(exhausted). Last error: \(error)", exhaustedBuilders: true)
                }
                run.log.info("Retry #\(budget.attempts) (on other host)")
            }
        }
    }

    /// One attempt on one builder (B1–B15), preferably not on a host that failed before.
    private func attempt(number: Int, avoiding failedHosts: Set<String>, run: BuildRun) async throws {
        await run.progress.beginAttempt(number + 1)
        await run.progress.enter(.waitingForRepository)
        try await waitForRepositories(run)
        await run.progress.enter(.allocatingHost)
        let host = try await allocateHost(run, avoiding: failedHosts)
        let shell = services.shells.shell(for: host, user: host.user ?? configuration.backend.buildUser)
        run.hold(host, shell: shell)
        services.metrics?.hostLeased()
        await run.progress.onHost(host)
        await run.progress.enter(.checkingBuilder)
        try await checkBuilder(shell, run: run)
        try run.directory.writeBuildInfo(buildID: run.job.buildID, builder: host.hostname)
        try await markRunning(run, host: host)
        if number > 0 { appendAttemptSeparator(run, attempt: number + 1, host: host) }
        await run.progress.enter(.building)
        try await startRemoteBuild(shell, run: run)
        try await followLiveLog(shell, host: host, run: run)
        await run.progress.enter(.downloading)
        try await downloadResults(shell, run: run)
        await releaseHost(run, cancelRemoteBuild: false)
    }

    /// B1 (HEAD): the project's own repositories must exist before a build can use them.
    private func waitForRepositories(_ run: BuildRun) async throws {
        let job = run.job
        guard !job.isSourceBuild else { return }
        let paths = (job.record["repos"]?.arrayValue ?? []).compactMap { repo -> String? in
            guard let id = repo["id"]?.stringValue, ["copr_base", "copr_coprdir"].contains(id),
                  let baseURL = repo["baseurl"]?.stringValue,
                  baseURL.hasPrefix(configuration.backend.resultsBaseURL + "/")
            else { return nil }
            let relative = baseURL.dropFirst(configuration.backend.resultsBaseURL.count + 1)
                .replacingOccurrences(of: "$basearch", with: job.arch ?? "")
            let path = ((configuration.backend.destdir as NSString).appendingPathComponent(relative) as NSString).standardizingPath
            guard path.hasPrefix(configuration.backend.destdir + "/") else { return nil }
            return (path as NSString).appendingPathComponent("repodata/repomd.xml")
        }
        let deadline = ContinuousClock.now + timing.repoWaitTimeout
        for path in paths {
            while !FileManager.default.fileExists(atPath: path) {
                guard ContinuousClock.now < deadline else {
                    throw BuildFailure(
                        "Giving up waiting for copr_base repository (\(path)), please try to manually regenerate the DNF repository (copr-cli regenerate-repos)")
                }
                run.log.info("Waiting for copr_base repository")
                try await Task.sleep(for: timing.repoWaitPoll)
            }
        }
    }

    /// B3: a ready host from the provider; waits as long as it takes.
    private func allocateHost(_ run: BuildRun, avoiding: Set<String>) async throws -> BuilderHost {
        let job = run.job
        let progress = run.progress
        let request = HostRequest(taskTags: job.tags, sandbox: job.sandbox, avoid: avoiding) { await progress.ticketTaken($0) }
        do {
            let host = try await services.hosts.allocate(request, logger: run.log)
            run.log.info("Allocated host \(host.info)")
            return host
        } catch let error as NoMatchingHost {
            throw BuildFailure(error.description)
        }
    }

    /// B5: the builder has a recent enough copr-rpmbuild and can build this chroot.
    private func checkBuilder(_ shell: any RemoteShell, run: BuildRun) async throws {
        let version = try await shell.run(builder.versionCommand, timeout: timing.sshCommandTimeout)
        guard version.exitCode == 0 else {
            throw InfrastructureFailure("The copr-rpmbuild package was not found: \(version.errorOutput.prefix(300))")
        }
        let installed = version.output.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        run.log.info("Installed copr-rpmbuild version: \(installed)")
        guard let found = BuilderVersion(installed), let minimum = BuilderVersion(builder.minVersion), found >= minimum else {
            throw InfrastructureFailure("Minimum version for builder is \(builder.minVersion), found '\(installed.prefix(50))'")
        }
        // Readiness may wait for a subscription on the builder: upstream allows 660 s
        // where other commands get 180 s.
        let ready = try await shell.run(
            builder.readyCommand + " " + ShellQuoting.quote(run.job.chroot), timeout: timing.sshCommandTimeout * 4)
        if !ready.output.isEmpty { run.log.info("\(ready.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
        guard ready.exitCode == 0 else {
            throw InfrastructureFailure("Builder wasn't ready, trying a new one: \(ready.errorOutput.prefix(300))")
        }
    }

    /// B8: `running` is reported and announced once per build, on the first attempt
    /// that gets this far (upstream skips it when the first attempt failed earlier).
    private func markRunning(_ run: BuildRun, host: BuilderHost) async throws {
        run.updateJob {
            $0.status = .running
            $0.startedOn = Date().timeIntervalSince1970
        }
        guard run.runningReported.withLock({ reported in
            defer { reported = true }
            return !reported
        }) else { return }
        try await services.frontend.update(builds: [run.job.updateDictionary])
        await services.events.announce(BuildEvent(kind: .buildStart, job: run.job, builder: host.hostname))
        await services.events.announce(BuildEvent(kind: .chrootStart, job: run.job, builder: host.hostname))
    }

    /// B10: starts copr-rpmbuild detached; it fetches the task itself from `task_url`.
    private func startRemoteBuild(_ shell: any RemoteShell, run: BuildRun) async throws {
        let job = run.job
        var arguments = job.isSourceBuild ? ["--srpm", "--task-url", job.taskURL] : ["--task-url", job.taskURL, "--chroot", job.chroot]
        arguments.append("--detached")
        let command = builder.startCommand + " " + ShellQuoting.join(arguments)
        run.log.info("Starting remote build: \(command)")
        let result = try await shell.run(command, timeout: timing.sshCommandTimeout)
        guard result.exitCode == 0 else {
            throw BuildFailure("Can't start copr-rpmbuild,\nout:\n\(result.output.prefix(2000))\nerr:\n\(result.errorOutput.prefix(2000))")
        }
        run.setRemoteBuildRunning(true)
    }

    /// B11–B12: follows the live log until the build ends, enforcing the timeout
    /// fail-safe and watching that the host stays alive.
    private func followLiveLog(_ shell: any RemoteShell, host: BuilderHost, run: BuildRun) async throws {
        let job = run.job
        let follower = LiveLogFollower(
            shell: shell, command: builder.logCommand, logPath: job.builderLogPath,
            retryPause: timing.sshRetryPause, instabilityWindow: timing.sshUnstableWindow, logger: run.log)
        let deadline = Date(timeIntervalSince1970: (job.startedOn ?? Date().timeIntervalSince1970) + Double(job.timeout))
            .addingTimeInterval(timing.timeoutGrace.seconds)
        let hosts = services.hosts
        let timing = self.timing
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.follow() }
            group.addTask {
                // The fail-safe for builders that never end (reference §12.13).
                while Date() < deadline {
                    try await Task.sleep(for: min(timing.cancelCheckPeriod, .seconds(fractional: max(0.01, deadline.timeIntervalSinceNow))))
                }
                throw BuildFailure("Build timeouted")
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: timing.ticketLivenessPeriod)
                    if await !hosts.isAlive(host, logger: run.log) {
                        throw InfrastructureFailure("Resalloc ticket FAILED")
                    }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        run.setRemoteBuildRunning(false)
    }

    /// B14: the results, with `rsync_attempts` tries; links, special files and unsafe names
    /// are dropped.
    private func downloadResults(_ shell: any RemoteShell, run: BuildRun) async throws {
        let job = run.job
        run.log.info("Downloading results from builder")
        try await shell.download(
            remoteDirectory: builder.resultsDir, to: run.directory.path,
            logPath: (run.directory.path as NSString).appendingPathComponent(job.rsyncLogName))
        run.resultsDownloaded.withLock { $0 = true }
        let removed = try run.directory.sanitize()
        if !removed.isEmpty { run.log.warning("Removed files the builder must not publish: \(removed)") }
    }

    // MARK: - Publishing (after the host is released)

    /// B16: success check, signing, createrepo, build details, public key.
    private func publish(_ run: BuildRun) async throws {
        await run.progress.enter(.publishing)
        let job = run.job
        guard run.directory.hasSuccessFile else {
            throw BuildFailure("No success file => build failure")
        }
        let identity = SigningIdentity(
            owner: job.projectOwner, project: job.projectName ?? job.projectDirname, domain: configuration.backend.signDomain)
        if let signer = services.signer, !job.isSourceBuild {
            run.log.info("Signing built packages")
            try await signer.sign(rpms: run.directory.rpmFiles(), keyIdentity: identity, chroot: job.chroot)
        }
        if !job.isSourceBuild {
            run.log.info("Adding \(job.targetDirName) to the repository in \(job.chrootDir)")
            try await services.createrepo.add(.init(
                chrootDirectory: job.chrootDir, addedDirectory: job.targetDirName, devel: job.usesDevelRepo,
                baseURL: "\(job.resultsRepoURL)/\(job.chroot)"))
        }
        let details = try await BuildDetails.collect(for: job, in: run.directory, runner: services.runner)
        run.updateJob {
            $0.builtPackages = details.builtPackages
            $0.srpmURL = details.srpmURL ?? $0.srpmURL
            $0.pkgName = details.pkgName ?? $0.pkgName
            $0.pkgVersion = details.pkgVersion ?? $0.pkgVersion
            $0.results = details.results
        }
        if let signer = services.signer, !job.isSourceBuild {
            let key = try await signer.publicKey(identity)
            let path = (job.destdir as NSString).appendingPathComponent("pubkey.gpg")
            do {
                try key.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw PublishingError.cannotWrite(path, error.localizedDescription)
            }
        }
    }

    // MARK: - The end of every task

    /// Gives the host back. When a remote build may still run there (cancel, timeout,
    /// lost host), the builder's cancel command stops it first.
    private func releaseHost(_ run: BuildRun, cancelRemoteBuild: Bool) async {
        guard let held = run.takeHeld() else { return }
        if cancelRemoteBuild, held.remoteBuildRunning {
            await cancelRemoteBuildOn(held.shell, run: run)
        }
        await held.shell.close()
        await services.hosts.release(held.host, logger: run.log)
        await run.progress.leftHost()
        services.metrics?.hostReleased()
        run.log.info("VM Release request: \(held.host.info)")
    }

    /// The builder's cancel command (interrupt, then kill), tried up to four times.
    private func cancelRemoteBuildOn(_ shell: any RemoteShell, run: BuildRun) async {
        for attempt in 1...4 {
            do {
                let result = try await shell.run(builder.cancelCommand, timeout: timing.cancelGrace + timing.sshCommandTimeout)
                if result.exitCode == 0 {
                    run.log.info("Remote build canceled: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
                } else {
                    run.log.warning("Can't cancel build\nout:\n\(result.output)\nerr:\n\(result.errorOutput)")
                }
                return
            } catch {
                run.log.warning("Can't ssh to cancel build (attempt \(attempt)): \(error)")
                if attempt < 4 { try? await Task.sleep(for: timing.sshRetryPause) }
            }
        }
    }

    /// Logs why the task failed, in words for the user; details go to worker.log.
    private func explainFailure(_ error: any Error, run: BuildRun) {
        run.updateJob { $0.status = .failed }
        switch error {
        case let canceled as BuildCanceled:
            run.log.error("\(canceled)")
            services.metrics?.failed(.canceled)
        case let failure as BuildFailure:
            run.log.error("\(failure)")
            services.metrics?.failed(failure.exhaustedBuilders ? .infrastructure : .build)
        case let failure as PublishingError:
            run.log.error("\(failure)")
            services.metrics?.failed(.publishing)
        case let failure as FrontendError:
            run.log.error("Frontend problem: \(failure)")
            services.metrics?.failed(.frontend)
        case let failure as HostileTaskField:
            run.log.error("\(failure)")
            services.metrics?.failed(.input)
        default:
            run.log.error("Unexpected error: \(error)", metadata: ["error": "\(String(reflecting: error))"])
            services.metrics?.failed(.build)
        }
    }

    /// `_mark_finished`: the final state, reported until the frontend has it, then
    /// `build.end`.
    private func markFinished(_ run: BuildRun) async {
        await run.progress.enter(.reporting)
        run.updateJob { job in
            job.endedOn = Date().timeIntervalSince1970
            if !job.status.isFinal {
                job.status = .failed
            }
        }
        let job = run.job
        run.log.info("Finished build: id=\(job.buildID) failed=\(job.status == .failed ? "True" : "False") timeout=\(job.timeout) destdir=\(job.destdir) chroot=\(job.chroot)")
        run.log.info("Worker \(job.status == .succeeded ? "succeeded" : "failed") build, took \(String(format: "%.1f", job.tookSeconds ?? 0))")
        await reportFinal(job.updateDictionary, taskID: job.taskID, logger: run.log)
        await services.events.announce(BuildEvent(kind: .buildEnd, job: job, builder: run.lastBuilder.value))
    }

    /// A task refused before it had a result directory still gets its final `failed`.
    private func reportRefusedTask(_ record: [String: JSONValue], taskID: String, reason: String, logger: Logger) async {
        var dict = record
        dict["status"] = .int(BuildStatus.failed.rawValue)
        dict["ended_on"] = .double(Date().timeIntervalSince1970)
        if let buildID = record["build_id"] { dict["id"] = buildID }
        await reportFinal(dict, taskID: taskID, logger: logger)
    }

    private func reportFinal(_ dict: [String: JSONValue], taskID: String, logger: Logger) async {
        // An uncancelled task: the final report must go out even when the build was
        // interrupted; the client retries 5xx and network errors without limit.
        let frontend = services.frontend
        do {
            try await Task { try await frontend.update(builds: [dict]) }.value
        } catch {
            logger.error("The frontend refused the final state of \(taskID): \(error)")
        }
    }

    /// Gzips the logs (reference §7.7); backend.log is closed first so nothing written
    /// afterwards is lost.
    private func compressLogs(_ run: BuildRun) async {
        run.backendLog.close()
        for path in [run.job.builderLogPath, run.job.backendLogPath] where FileManager.default.fileExists(atPath: path) {
            let compressed = path + ".gz"
            if FileManager.default.fileExists(atPath: compressed) {
                logger.error("Compressed log \(compressed) exists")
                continue
            }
            do {
                let result = try await services.runner.capture("gzip", [path], timeout: .seconds(600))
                if !result.exit.isSuccess, result.exit != .exited(2) {
                    logger.error("Unable to compress file \(path): \(result.standardError)")
                }
            } catch {
                logger.error("Unable to compress file \(path): \(error)")
            }
        }
    }

    private func appendAttemptSeparator(_ run: BuildRun, attempt: Int, host: BuilderHost) {
        let line = "\n=== copr-backend: attempt \(attempt) on \(host.hostname) (the previous attempt failed, see backend.log) ===\n"
        if let handle = FileHandle(forWritingAtPath: run.job.builderLogPath) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        }
    }

    static func isInfrastructureFailure(_ error: any Error) -> Bool {
        error is InfrastructureFailure || error is SSHFailure
    }

    static func isUntrustedHost(_ error: any Error) -> Bool {
        if case .hostKeyChanged? = error as? SSHFailure { return true }
        return false
    }
}
