import CoprCore
import Foundation
import Logging
import ServiceLifecycle

/// What the frontend and the message buses hear of a build, and why it failed.
extension BuildWorker {
    /// `starting_build`; a refusal fails the task (the build was cancelled or deleted).
    func markStarting(_ run: BuildRun) async throws -> BuildLifecycle.Event {
        run.updateJob { $0.status = .starting }
        guard try await services.frontend.startingBuild(run.job.report) else {
            throw BuildFailure("Frontend forbade to start the job \(run.job.taskID)")
        }
        return .startAllowed
    }

    /// `running` goes to the frontend and the start events out, once per build; returns
    /// when the build started running (its timeout counts from then).
    func markRunning(_ run: BuildRun, lease: BuilderHost, report: Bool) async throws -> Double {
        guard report else {
            run.updateJob { $0.status = .running }
            return run.job.startedOn ?? Date().timeIntervalSince1970
        }
        let startedOn = Date().timeIntervalSince1970
        run.updateJob {
            $0.status = .running
            $0.startedOn = startedOn
        }
        try await services.frontend.update(run.job.report)
        await announceStart(run, job: run.job, builder: lease.hostname)
        return startedOn
    }

    /// The final state, written in the lifecycle (and so the journal) before it is sent.
    func prepareReport(_ status: BuildStatus, failure: BuildLifecycle.Failure?, run: BuildRun) async -> BuildLifecycle.Event {
        if let failure { explain(failure, run: run) }
        if run.lifecycle.resultsDownloaded {
            try? await services.failureCounter?.record(failed: status != .succeeded)
        }
        if status == .succeeded, run.job.results == nil {
            // Taken up after a restart between publishing and this report.
            try? await collectDetails(run)
        }
        run.updateJob {
            $0.status = status
            $0.endedOn = Date().timeIntervalSince1970
        }
        let job = run.job
        run.log.info("Finished build: id=\(job.buildID) failed=\(status == .failed ? "True" : "False") timeout=\(job.timeout) destdir=\(job.destdir) chroot=\(job.chroot)")
        run.log.info("Worker \(status == .succeeded ? "succeeded" : "failed") build, took \(String(format: "%.1f", job.tookSeconds ?? 0))")
        return .reportPrepared(job.report)
    }

    /// Sends the final report until the frontend has it (the client retries 5xx and
    /// network errors without limit). A cancel does not stop it; a stop of the daemon
    /// leaves it in the journal for the next start. A report the frontend refuses is
    /// logged and not sent again.
    func sendReport(_ report: JobReport, recorder: BuildRecorder, logger: Logger) async -> BuildLifecycle.Event {
        let frontend = services.frontend
        guard !Task.isShuttingDownGracefully else { return .shutdown(journaled: recorder.isJournaled) }
        do {
            try await cancelWhenGracefulShutdown { try await frontend.update(report) }
        } catch {
            if Task.isShuttingDownGracefully { return .shutdown(journaled: recorder.isJournaled) }
            logger.error("The frontend refused the final state of \(report.report.task): \(error)")
        }
        return .reportDelivered
    }

    /// `build.end`, after the start pair when the build never reached a builder (then as
    /// STARTING on no builder, so consumers always see a start first); then the logs are
    /// compressed.
    func announceEnd(_ status: BuildStatus, announceStart: Bool, run: BuildRun) async -> BuildLifecycle.Event {
        run.updateJob { $0.status = status }
        if announceStart {
            var starting = run.job
            starting.status = .starting
            await self.announceStart(run, job: starting, builder: nil)
        }
        await services.events.announce(BuildEvent(kind: .buildEnd, job: run.job, builder: run.lifecycle.builder, run: run.lifecycle.runID))
        await compressLogs(run)
        return .announced
    }

    /// build.start and chroot.start; announced again after a restart they keep their ids.
    private func announceStart(_ run: BuildRun, job: BuildJob, builder: String?) async {
        let runID = run.lifecycle.runID
        await services.events.announce(BuildEvent(kind: .buildStart, job: job, builder: builder, run: runID))
        await services.events.announce(BuildEvent(kind: .chrootStart, job: job, builder: builder, run: runID))
    }

    /// What a step threw, as the event the lifecycle decides on. A host problem is logged
    /// here (the build goes on elsewhere); why a build failed is logged with its report.
    func failureEvent(_ error: any Error, run: BuildRun) -> BuildLifecycle.Event {
        switch error {
        case is InfrastructureFailure, is SSHFailure:
            run.log.warning("Re-try request for task on '\(run.lifecycle.lease?.info ?? "no host")': \(error)")
            services.metrics?.retried()
            let untrusted = if case .hostKeyChanged? = error as? SSHFailure { true } else { false }
            return .hostFailed(reason: "\(error)", untrusted: untrusted)
        case let failure as BuildFailure:
            return .failed(.init(failure.exhaustedBuilders ? .infrastructure : .build, failure.reason))
        case let failure as PublishingError:
            return .failed(.init(.publishing, "\(failure)"))
        case let failure as FrontendError:
            return .failed(.init(.frontend, "Frontend problem: \(failure)"))
        case let failure as InvalidField:
            return .failed(.init(.input, "\(failure)"))
        default:
            run.log.error("Unexpected error: \(error)", metadata: ["error": "\(String(reflecting: error))"])
            return .failed(.init(.unexpected, "Unexpected error: \(error)"))
        }
    }

    /// Why the task failed, in words for the user (backend.log) and in the metrics.
    private func explain(_ failure: BuildLifecycle.Failure, run: BuildRun) {
        run.log.error("\(failure.reason)")
        let category: BackendMetrics.FailureClass = switch failure.kind {
        case .canceled: .canceled
        case .build, .unexpected: .build
        case .infrastructure: .infrastructure
        case .publishing: .publishing
        case .frontend: .frontend
        case .input: .input
        }
        services.metrics?.failed(category)
    }

    /// Gzips the logs; backend.log is closed first so nothing written afterwards is lost.
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
}
