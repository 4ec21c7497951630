import CoprCore
import Foundation

/// The steps on the builders: a host for the attempt, its checks, the remote build and
/// its live log, the results, and the host given back.
extension BuildWorker {
    /// The project's own repositories must exist before a build can use them (upstream
    /// waits for `copr_base` the same way).
    func waitForRepositories(_ run: BuildRun) async throws -> BuildLifecycle.Event {
        if run.lifecycle.attempt > 1 { run.log.info("Retry #\(run.lifecycle.attempt - 1) (on other host)") }
        let job = run.job
        guard !job.isSourceBuild else { return .repositoriesReady }
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
        return .repositoriesReady
    }

    /// A ticket taken before a restart for a host that never became ready goes back.
    func closeTicket(_ ticket: Int, run: BuildRun) async -> BuildLifecycle.Event {
        run.log.info("Closing resalloc ticket \(ticket), taken before the restart for a host that was not ready")
        await services.hosts.closeTicket(ticket, logger: run.log)
        return .ticketClosed
    }

    /// A ready host from the provider, preferably none that failed before; waits as long
    /// as it takes. A resalloc ticket is in the journal as soon as it is taken.
    func allocateHost(_ run: BuildRun, avoiding: Set<String>) async throws -> BuildLifecycle.Event {
        let job = run.job
        let recorder = run.recorder
        let request = HostRequest(taskTags: job.tags, sandbox: job.sandbox, avoid: avoiding) { await recorder.apply(.ticketTaken($0)) }
        do {
            let host = try await services.hosts.allocate(request, logger: run.log)
            run.log.info("Allocated host \(host.info)")
            services.metrics?.hostLeased()
            return .hostGranted(host)
        } catch let error as NoMatchingHost {
            throw BuildFailure(error.description)
        }
    }

    /// After a restart: the lease goes on when its provider confirms the machine is still
    /// this task's.
    func reclaim(_ lease: BuilderHost, run: BuildRun) async -> BuildLifecycle.Event {
        guard let host = await services.hosts.reclaim(lease, logger: run.log) else {
            run.log.warning("The builder \(lease.info) is gone since the restart; the build goes to another host")
            return .hostGone
        }
        services.metrics?.hostLeased()
        return .hostReclaimed(host)
    }

    /// The builder has a recent enough copr-rpmbuild and can build this chroot; then
    /// `running` goes out (once per build: upstream skips it when the first attempt failed
    /// earlier) and `build.info` names the builder.
    func checkBuilder(_ lease: BuilderHost, reportRunning: Bool, run: BuildRun) async throws -> BuildLifecycle.Event {
        let shell = shell(for: lease, run: run)
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
        try run.directory.writeBuildInfo(buildID: run.job.buildID, builder: lease.hostname)
        let startedOn = try await markRunning(run, lease: lease, report: reportRunning)
        if run.lifecycle.attempt > 1 { appendAttemptSeparator(run, host: lease) }
        return .builderReady(startedOn: startedOn)
    }

    /// Starts copr-rpmbuild detached; it fetches the task itself from `task_url`. A build
    /// that may have been started unrecorded before a restart is stopped first.
    func startRemoteBuild(_ lease: BuilderHost, stopStrayBuildFirst: Bool, run: BuildRun) async throws -> BuildLifecycle.Event {
        let shell = shell(for: lease, run: run)
        if stopStrayBuildFirst { await stopRemoteBuild(shell, run: run) }
        let job = run.job
        var arguments = job.isSourceBuild ? ["--srpm", "--task-url", job.taskURL] : ["--task-url", job.taskURL, "--chroot", job.chroot]
        arguments.append("--detached")
        let command = builder.startCommand + " " + ShellQuoting.join(arguments)
        run.log.info("Starting remote build: \(command)")
        let result = try await shell.run(command, timeout: timing.sshCommandTimeout)
        guard result.exitCode == 0 else {
            throw BuildFailure("Can't start copr-rpmbuild,\nout:\n\(result.output.prefix(2000))\nerr:\n\(result.errorOutput.prefix(2000))")
        }
        let processGroup = try? await shell.run(builder.pidCommand, timeout: timing.sshCommandTimeout)
        return .remoteBuildStarted(
            processGroup: processGroup.flatMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) },
            logBase: Self.fileSize(job.builderLogPath))
    }

    /// After a restart: the builder must still have the build this task started (the
    /// same process group), else it was lost with the machine (a reboot) and runs again.
    func confirmRemoteBuild(_ lease: BuilderHost, processGroup expected: Int?, run: BuildRun) async throws -> BuildLifecycle.Event {
        guard let expected else { return .remoteBuildConfirmed }
        let current = try await shell(for: lease, run: run).run(builder.pidCommand, timeout: timing.sshCommandTimeout)
        let found = current.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard current.exitCode == 0, Int(found) == expected else {
            throw InfrastructureFailure(
                "The builder no longer has the build started before the restart (process group \(expected), found '\(found.prefix(40))')")
        }
        run.log.info("The remote build (process group \(expected)) is still there; following its log")
        return .remoteBuildConfirmed
    }

    /// Follows the live log until the build ends, enforcing the timeout fail-safe (for
    /// builders that never end) and watching that the host stays alive.
    func followLiveLog(_ lease: BuilderHost, logBase: Int, run: BuildRun) async throws -> BuildLifecycle.Event {
        let job = run.job
        let follower = liveLogFollower(shell(for: lease, run: run), logBase: logBase, run: run)
        let deadline = Date(timeIntervalSince1970: (job.startedOn ?? Date().timeIntervalSince1970) + Double(job.timeout))
            .addingTimeInterval(timing.timeoutGrace.seconds)
        let hosts = services.hosts
        let timing = self.timing
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.follow() }
            group.addTask {
                while Date() < deadline {
                    try await Task.sleep(for: min(timing.cancelCheckPeriod, .seconds(fractional: max(0.01, deadline.timeIntervalSinceNow))))
                }
                throw BuildFailure("Build timeouted")
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: timing.ticketLivenessPeriod)
                    if await !hosts.isAlive(lease, logger: run.log) {
                        throw InfrastructureFailure("Resalloc ticket FAILED")
                    }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return .logEnded
    }

    /// The results, with `rsync_attempts` tries; links, special files and unsafe names
    /// are dropped.
    func downloadResults(_ lease: BuilderHost, run: BuildRun) async throws -> BuildLifecycle.Event {
        run.log.info("Downloading results from builder")
        try await shell(for: lease, run: run).download(
            remoteDirectory: builder.resultsDir, to: run.directory.path,
            logPath: (run.directory.path as NSString).appendingPathComponent(run.job.rsyncLogName))
        let removed = try run.directory.sanitize()
        if !removed.isEmpty { run.log.warning("Removed files the builder must not publish: \(removed)") }
        return .resultsDownloaded
    }

    /// Gives the host back; when a remote build may still run there (cancel, timeout,
    /// lost host), the builder's cancel command stops it first, and then what the build
    /// printed until it stopped is added to the live log (`finishLogFrom`).
    func releaseHost(_ lease: BuilderHost, stopRemoteBuild: Bool, finishLogFrom: Int?, run: BuildRun) async -> BuildLifecycle.Event {
        let shell = shell(for: lease, run: run)
        if stopRemoteBuild { await self.stopRemoteBuild(shell, run: run) }
        if let finishLogFrom { await finishLiveLog(shell, logBase: finishLogFrom, run: run) }
        await run.takeShell()?.close()
        await services.hosts.release(lease, logger: run.log)
        services.metrics?.hostReleased()
        run.log.info("VM Release request: \(lease.info)")
        return .released
    }

    /// The builder's cancel command (interrupt, then kill), tried up to four times.
    private func stopRemoteBuild(_ shell: any RemoteShell, run: BuildRun) async {
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

    /// Follows the stopped build's live log once more, to its end: the log command ends
    /// at once now that the build is gone. Bounded by `ssh_command_timeout`; a failure
    /// only leaves the log as it was.
    private func finishLiveLog(_ shell: any RemoteShell, logBase: Int, run: BuildRun) async {
        let follower = liveLogFollower(shell, logBase: logBase, run: run)
        let limit = timing.sshCommandTimeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await follower.follow() }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw InfrastructureFailure("the log command did not end within \(limit.seconds) s")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch {
            run.log.warning("The end of the stopped build's live log could not be fetched: \(error)")
        }
    }

    /// A follower of this attempt's live log, which began at `logBase` in the local copy.
    private func liveLogFollower(_ shell: any RemoteShell, logBase: Int, run: BuildRun) -> LiveLogFollower {
        let path = run.job.builderLogPath
        return LiveLogFollower(
            shell: shell, command: builder.logCommand, logPath: path, alreadyReceived: max(0, Self.fileSize(path) - logBase),
            retryPause: timing.sshRetryPause, instabilityWindow: timing.sshUnstableWindow, logger: run.log)
    }

    private func shell(for lease: BuilderHost, run: BuildRun) -> any RemoteShell {
        run.shell(for: lease) { services.shells.shell(for: lease, user: lease.user ?? configuration.backend.buildUser) }
    }

    private func appendAttemptSeparator(_ run: BuildRun, host: BuilderHost) {
        let line = "\n=== copr-backend: attempt \(run.lifecycle.attempt) on \(host.hostname) (the previous attempt failed, see backend.log) ===\n"
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
}
