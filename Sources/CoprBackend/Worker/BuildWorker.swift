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
    /// The backend stops: the build is left as it is (remote build running, lease kept,
    /// final report undelivered) for the next daemon, which takes it up from the journal.
    case leftForNextStart
}

/// The life of one build task, from its record to its final state (reference §1.7, HEAD).
///
/// `process` reads top to bottom as the story of one build; `resume` takes up a build
/// an earlier daemon left, at the step its journal recorded, on the same lease. Three error types decide
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
        let task = TaskID(buildID: buildID, resultsChroot: chroot)
        let sourceBuild = task.isSourceBuild, taskID = task.description
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

        await progress.taskFetched(record)
        let run: BuildRun
        do {
            run = try openBuild(record, taskID: taskID, progress: progress, logger: logger)
        } catch {
            logger.error("Refusing task \(taskID): \(error)")
            services.metrics?.failed(.input)
            await reportRefusedTask(record, taskID: taskID, reason: "\(error)", logger: logger)
            return .finished(.failed)
        }
        return await carryOut(run, interrupt: interrupt)
    }

    /// Takes up a build that an earlier daemon left in flight, where `progress` (restored
    /// from the journal) says it was: on the same builder while that is still this
    /// task's, without starting the remote build again; with the final report when only
    /// that was missing.
    public func resume(
        buildID: Int, chroot: String, taskRecord: [String: JSONValue]?, interrupt: BuildInterrupt, progress: BuildProgress
    ) async -> BuildOutcome {
        let saved = progress.snapshot
        guard let taskRecord, saved.phase > .fetching else {
            // Nothing was done that a fresh start would repeat.
            return await process(buildID: buildID, chroot: chroot, interrupt: interrupt, progress: progress)
        }
        let taskID = TaskID(buildID: buildID, resultsChroot: chroot).description
        var logger = self.logger
        logger[metadataKey: "task"] = "\(taskID)"
        let run: BuildRun
        do {
            run = try openBuild(taskRecord, taskID: taskID, progress: progress, logger: logger, resuming: true)
        } catch {
            logger.error("Cannot take up task \(taskID): \(error)")
            await reportRefusedTask(taskRecord, taskID: taskID, reason: "\(error)", logger: logger)
            return .finished(.failed)
        }
        run.log.info("Taking up the build where the previous backend left it: \(saved.phase.rawValue), attempt \(saved.attempt)\(saved.lease.map { " on \($0.info)" } ?? "")")
        return await carryOut(run, interrupt: interrupt)
    }

    /// The steps from `starting_build` to the final report, beginning where the build is.
    private func carryOut(_ run: BuildRun, interrupt: BuildInterrupt) async -> BuildOutcome {
        let from = run.progress.snapshot.phase
        if from < .reporting {
            do {
                try await interrupt.guarding {
                    if from <= .starting { try await self.markStarting(run) }
                    if from < .publishing { try await self.buildOnBuilders(run) }
                    try await self.publish(run)
                }
                run.updateJob { $0.status = .succeeded }
            } catch is BuildCanceled where interrupt.reason == .shutdown {
                return await leaveForNextStart(run)
            } catch {
                explainFailure(error, run: run)
            }
            if run.resultsDownloaded.value {
                try? await services.failureCounter?.record(failed: run.job.status != .succeeded)
            }
            await releaseHost(run, cancelRemoteBuild: true)
        }
        do {
            // The report goes out after a cancel too, but a stop leaves it in the journal.
            try await interrupt.guardingAgainstShutdown { try await self.markFinished(run) }
        } catch {
            return await leaveForNextStart(run)
        }
        await compressLogs(run)
        return .finished(run.job.status)
    }

    /// The backend stops: the remote build goes on and the lease stays this task's; the
    /// journal tells the next daemon where to take the build up. Only the local
    /// connection ends.
    private func leaveForNextStart(_ run: BuildRun) async -> BuildOutcome {
        guard run.progress.isJournaled else {
            // Without a journal nobody could take the build up: stop it and give the host back.
            run.log.warning("The backend stops: the build is stopped, the frontend will hand it out again")
            await releaseHost(run, cancelRemoteBuild: true)
            run.backendLog.close()
            return .leftForNextStart
        }
        run.log.warning("The backend stops: the build is left as it is, the next start takes it up")
        await run.held?.shell.close()
        run.backendLog.close()
        return .leftForNextStart
    }

    // MARK: - Steps before the builders

    /// Validates the record, prepares the result directory and opens backend.log (H3).
    /// A resumed build keeps its result directory as it is.
    private func openBuild(
        _ record: [String: JSONValue], taskID: String, progress: BuildProgress, logger: Logger, resuming: Bool = false
    ) throws -> BuildRun {
        var job = try BuildJob(
            record: record, destdir: configuration.backend.destdir,
            resultsBaseURL: configuration.backend.resultsBaseURL,
            frontendBaseURL: configuration.backend.frontendBaseURL,
            defaultTimeout: builder.defaultTimeout)
        guard job.taskID == taskID else {
            throw InvalidField(field: "task_id", reason: "asked for \(taskID), the frontend sent \(job.taskID)")
        }
        job.startedOn = progress.snapshot.startedOn ?? Date().timeIntervalSince1970
        let directory = try ResultDirectory(path: job.resultsDir, root: configuration.backend.destdir)
        let hadPreviousResults = resuming ? false : try directory.prepare()
        let backendLog = LogFile(path: job.backendLogPath)
        let log = Logger(label: "worker") { _ in
            MultiplexLogHandler([logger.handler, BuildLogHandler(file: backendLog)])
        }
        if hadPreviousResults {
            log.info("Cleaning target directory, results from previous build storing in \(directory.path)/prev_build_backup")
        }
        if !resuming {
            log.info("Starting build of task \(job.taskID) (chroot \(job.chroot), owner \(job.projectOwner), project \(job.projectDirname))")
        }
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
    /// infrastructure failures while the budget allows. A resumed build first goes on
    /// on its lease, if that is still this task's.
    private func buildOnBuilders(_ run: BuildRun) async throws {
        let saved = run.progress.snapshot
        var budget = AttemptBudget(
            maxHosts: builder.maxHosts, maxAttempts: builder.maxAttempts,
            attempts: max(0, saved.attempt - 1), hosts: saved.failedHosts)
        var resumed = await reclaimLease(run)
        while true {
            do {
                if let (host, phase) = resumed {
                    resumed = nil
                    try await work(on: host, from: phase, run: run)
                } else {
                    try await attempt(number: budget.attempts, failedHosts: budget.hosts, run: run)
                }
                return
            } catch let error where Self.isInfrastructureFailure(error) && !Task.isCancelled {
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

    /// The lease a resumed build held on its builder, with the step to go on from, when
    /// the provider confirms the machine is still this task's. A ticket taken for a host
    /// that never became ready is closed; a new attempt takes another.
    private func reclaimLease(_ run: BuildRun) async -> (BuilderHost, BuildProgress.Phase)? {
        let saved = run.progress.snapshot
        guard saved.phase >= .checkingBuilder, let lease = saved.lease else {
            if let ticket = saved.ticketID {
                run.log.info("Closing resalloc ticket \(ticket), taken before the restart for a host that was not ready")
                await services.hosts.release(
                    BuilderHost(hostname: "unknown", port: nil, name: nil, user: nil, allocationID: "ticket-\(ticket)",
                                ticketID: ticket, requestedTags: []),
                    logger: run.log)
                await run.progress.leftHost()
            }
            return nil
        }
        guard let host = await services.hosts.reclaim(lease, logger: run.log) else {
            run.log.warning("The builder \(lease.info) is gone since the restart; the build goes to another host")
            await run.progress.leftHost()
            return nil
        }
        return (host, saved.phase)
    }

    /// One attempt on a newly allocated builder, preferably not one that failed before.
    private func attempt(number: Int, failedHosts: [String], run: BuildRun) async throws {
        await run.progress.beginAttempt(number + 1, failedHosts: failedHosts)
        await run.progress.enter(.waitingForRepository)
        try await waitForRepositories(run)
        await run.progress.enter(.allocatingHost)
        let host = try await allocateHost(run, avoiding: Set(failedHosts))
        try await work(on: host, from: .checkingBuilder, run: run)
    }

    /// B5–B15 on one builder, from `phase` on (later than checking when a resumed build
    /// goes on where it ran): check, start, live log, download, release.
    private func work(on host: BuilderHost, from phase: BuildProgress.Phase, run: BuildRun) async throws {
        let shell = services.shells.shell(for: host, user: host.user ?? configuration.backend.buildUser)
        run.hold(host, shell: shell)
        services.metrics?.hostLeased()
        await run.progress.onHost(host)
        if phase <= .checkingBuilder {
            await run.progress.enter(.checkingBuilder)
            try await checkBuilder(shell, run: run)
            try run.directory.writeBuildInfo(buildID: run.job.buildID, builder: host.hostname)
            try await markRunning(run, host: host)
            if run.progress.snapshot.attempt > 1 { appendAttemptSeparator(run, host: host) }
        }
        if phase <= .building {
            await run.progress.enter(.building)
            if run.progress.snapshot.remoteBuildStarted {
                try await confirmRemoteBuild(shell, run: run)
            } else {
                if phase == .building {
                    // Resumed between the start command and its journal entry: a build
                    // may run there that this task cannot follow; stop it first.
                    await cancelRemoteBuildOn(shell, run: run)
                }
                try await startRemoteBuild(shell, run: run)
            }
            try await followLiveLog(shell, host: host, run: run)
        }
        await run.progress.enter(.downloading)
        try await downloadResults(shell, run: run)
        await releaseHost(run, cancelRemoteBuild: false)
    }

    /// B1 (HEAD): the project's own repositories must exist before a build can use them.
    private func waitForRepositories(_ run: BuildRun) async throws {
        let job = run.job
        guard !job.isSourceBuild else { return }
        let paths = (job.record.fields["repos"]?.arrayValue ?? []).compactMap { repo -> String? in
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
        guard !run.progress.snapshot.runningReported else {
            run.updateJob { $0.status = .running }
            return
        }
        run.updateJob {
            $0.status = .running
            $0.startedOn = Date().timeIntervalSince1970
        }
        try await services.frontend.update(builds: [run.job.updateDictionary])
        await announceStart(run, job: run.job, builder: host.hostname)
        await run.progress.runningReported(startedOn: run.job.startedOn ?? Date().timeIntervalSince1970)
    }

    /// build.start and chroot.start; announced again after a restart they keep their ids.
    private func announceStart(_ run: BuildRun, job: BuildJob, builder: String?) async {
        let runID = run.progress.snapshot.runID
        await services.events.announce(BuildEvent(kind: .buildStart, job: job, builder: builder, run: runID))
        await services.events.announce(BuildEvent(kind: .chrootStart, job: job, builder: builder, run: runID))
    }

    /// B10: starts copr-rpmbuild detached; it fetches the task itself from `task_url`.
    /// The journal then holds the build's process group and where its live log begins.
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
        let processGroup = try? await shell.run(builder.pidCommand, timeout: timing.sshCommandTimeout)
        await run.progress.remoteBuildStarted(
            processGroup: processGroup.flatMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) },
            liveLogBase: Self.fileSize(job.builderLogPath))
    }

    /// After a restart: the builder must still have the build this task started (the
    /// same process group), else it was lost with the machine (a reboot) and runs again.
    private func confirmRemoteBuild(_ shell: any RemoteShell, run: BuildRun) async throws {
        run.setRemoteBuildRunning(true)
        guard let expected = run.progress.snapshot.remoteProcessGroup else { return }
        let current = try await shell.run(builder.pidCommand, timeout: timing.sshCommandTimeout)
        let found = current.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard current.exitCode == 0, Int(found) == expected else {
            throw InfrastructureFailure(
                "The builder no longer has the build started before the restart (process group \(expected), found '\(found.prefix(40))')")
        }
        run.log.info("The remote build (process group \(expected)) is still there; following its log")
    }

    /// B11–B12: follows the live log until the build ends, enforcing the timeout
    /// fail-safe and watching that the host stays alive.
    private func followLiveLog(_ shell: any RemoteShell, host: BuilderHost, run: BuildRun) async throws {
        let job = run.job
        let follower = LiveLogFollower(
            shell: shell, command: builder.logCommand, logPath: job.builderLogPath,
            alreadyReceived: max(0, Self.fileSize(job.builderLogPath) - (run.progress.snapshot.liveLogBase ?? 0)),
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
        let removed = try run.directory.sanitize()
        if !removed.isEmpty { run.log.warning("Removed files the builder must not publish: \(removed)") }
    }

    // MARK: - Publishing (after the host is released)

    /// B16: success check, signing, createrepo, build details, public key.
    private func publish(_ run: BuildRun) async throws {
        await run.progress.enter(.publishing)
        run.resultsDownloaded.withLock { $0 = true }
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
        case let failure as InvalidField:
            run.log.error("\(failure)")
            services.metrics?.failed(.input)
        default:
            run.log.error("Unexpected error: \(error)", metadata: ["error": "\(String(reflecting: error))"])
            services.metrics?.failed(.build)
        }
    }

    /// `_mark_finished`: the final state, written to the journal and then reported until
    /// the frontend has it, then `build.end` (after the start pair, always). A report the
    /// previous backend could not deliver goes out as it was, and one it delivered is not
    /// sent again. Throws only when the backend stops meanwhile.
    private func markFinished(_ run: BuildRun) async throws {
        let report: [String: JSONValue]
        if let saved = run.progress.snapshot.finalReport?.objectValue {
            report = saved
            run.updateJob { $0.status = saved["status"]?.intValue.flatMap(BuildStatus.init(rawValue:)) ?? .failed }
            run.log.info("Reporting the final state the previous backend could not deliver")
        } else {
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
            report = job.updateDictionary
            await run.progress.finalReportPending(.object(report))
        }
        if !run.progress.snapshot.finalReportDelivered {
            try await reportFinal(report, taskID: run.job.taskID, logger: run.log)
            await run.progress.finalReportDelivered()
        }
        if !run.progress.snapshot.runningReported {
            // Never reached a builder: consumers still get the start pair before the end,
            // as STARTING on no builder.
            var starting = run.job
            starting.status = .starting
            await announceStart(run, job: starting, builder: nil)
        }
        await services.events.announce(
            BuildEvent(kind: .buildEnd, job: run.job, builder: run.progress.snapshot.builder, run: run.progress.snapshot.runID))
    }

    /// A task refused before it had a result directory still gets its final `failed`.
    private func reportRefusedTask(_ record: [String: JSONValue], taskID: String, reason: String, logger: Logger) async {
        var dict = record
        dict["status"] = .int(BuildStatus.failed.rawValue)
        dict["ended_on"] = .double(Date().timeIntervalSince1970)
        if let buildID = record["build_id"] { dict["id"] = buildID }
        try? await reportFinal(dict, taskID: taskID, logger: logger)
    }

    /// The client retries 5xx and network errors without limit; only a stop of the
    /// backend (the calling task cancelled) ends the wait, with `CancellationError`.
    private func reportFinal(_ dict: [String: JSONValue], taskID: String, logger: Logger) async throws {
        do {
            try await services.frontend.update(builds: [dict])
        } catch {
            if Task.isCancelled { throw CancellationError() }
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

    private func appendAttemptSeparator(_ run: BuildRun, host: BuilderHost) {
        let line = "\n=== copr-backend: attempt \(run.progress.snapshot.attempt) on \(host.hostname) (the previous attempt failed, see backend.log) ===\n"
        if let handle = FileHandle(forWritingAtPath: run.job.builderLogPath) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        }
    }

    /// The size of a local file, 0 when it does not exist.
    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    static func isInfrastructureFailure(_ error: any Error) -> Bool {
        error is InfrastructureFailure || error is SSHFailure
    }

    static func isUntrustedHost(_ error: any Error) -> Bool {
        if case .hostKeyChanged? = error as? SSHFailure { return true }
        return false
    }
}
