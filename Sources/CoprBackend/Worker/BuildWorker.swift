import CoprCore
import Foundation
import Logging
import ServiceLifecycle

/// The life of one build task, from its record to its final state.
///
/// The build's `BuildLifecycle` decides what happens next; the worker carries out each
/// action and feeds back what came of it. `carryOut` lists the actions in the order of a
/// build: the story of one build. Three error types decide between the endings:
/// `InfrastructureFailure` (and `SSHFailure`) move the task to another host within the
/// `AttemptBudget`; `BuildFailure` (and publishing, frontend and input errors) fail it
/// now; `BuildCanceled` ends it at once. Whatever happens, the host is given back before
/// local publishing, and the task ends `succeeded` or `failed`, reported until the
/// frontend has it. A stop of the daemon (the service group's graceful shutdown) leaves
/// the build as it is for the next start. `resume` takes up a build an earlier daemon
/// left: the same loop, from the lifecycle its journal kept.
public struct BuildWorker: Sendable {
    public let configuration: BackendConfiguration
    public let services: Services
    /// worker.log: the internal log with every detail.
    public let logger: Logger

    public init(configuration: BackendConfiguration, services: Services, logger: Logger) {
        self.configuration = configuration
        self.services = services
        self.logger = logger
    }

    var timing: TimingOptions { configuration.timing }
    var builder: BuilderOptions { configuration.builder }

    /// The lifecycle of a build about to start, scheduled from `queueRecord`.
    public func newLifecycle(queueRecord: JSONValue = .null) -> BuildLifecycle {
        BuildLifecycle(queueRecord: queueRecord, budget: AttemptBudget(maxHosts: builder.maxHosts, maxAttempts: builder.maxAttempts))
    }

    /// Processes the task `<buildID>-<chroot>` (or the source build when `chroot` is
    /// `srpm-builds`) until it reaches a final state; `recorder` journals its lifecycle.
    public func process(
        buildID: Int, chroot: String, interrupt: BuildInterrupt, recorder: BuildRecorder? = nil
    ) async -> BuildOutcome {
        let task = TaskID(buildID: buildID, resultsChroot: chroot)
        let recorder = recorder ?? BuildRecorder(taskID: task.description, lifecycle: newLifecycle())
        return await drive(task, recorder: recorder, interrupt: interrupt)
    }

    /// Takes up a build that an earlier daemon left in flight, where its lifecycle says:
    /// on the same builder while that is still this task's, without starting the remote
    /// build again; with the final report when only that was missing.
    public func resume(buildID: Int, chroot: String, interrupt: BuildInterrupt, recorder: BuildRecorder) async -> BuildOutcome {
        await recorder.apply(.resumed)
        return await drive(TaskID(buildID: buildID, resultsChroot: chroot), recorder: recorder, interrupt: interrupt)
    }

    /// Carries out the lifecycle's actions until it ends or the daemon stops.
    private func drive(_ task: TaskID, recorder: BuildRecorder, interrupt: BuildInterrupt) async -> BuildOutcome {
        let taskID = task.description
        var logger = self.logger
        logger[metadataKey: "task"] = "\(taskID)"
        var run: BuildRun?
        var action = recorder.lifecycle.nextAction
        while true {
            let event: BuildLifecycle.Event
            switch action {
            case .finish(let outcome):
                run?.backendLog.close()
                return outcome
            case .leaveForNextStart:
                await leaveForNextStart(run, logger: logger)
                return .leftForNextStart
            case .fetchTask:
                event = await fetchTask(task, interrupt: interrupt, recorder: recorder, logger: logger)
            case .sendReport(let report):
                event = await sendReport(report, recorder: recorder, logger: logger)
            default:
                if run == nil {
                    switch openBuild(task, recorder: recorder, logger: logger) {
                    case .opened(let opened): run = opened
                    case .refused(let refusal): action = await recorder.apply(refusal); continue
                    }
                }
                event = await carryOut(action, run: run!, interrupt: interrupt)
            }
            let before = recorder.lifecycle
            action = await recorder.apply(event)
            guard recorder.lifecycle != before || action == .leaveForNextStart else {
                logger.critical("The build of \(taskID) is stuck: \(event) changes nothing at \(before.phase.rawValue); giving it up")
                return .backendFailure("the worker of \(taskID) got stuck")
            }
        }
    }

    /// The story of one build: every action of its lifecycle, in the order a build goes
    /// through them. Each answers with what came of it.
    private func carryOut(_ action: BuildLifecycle.Action, run: BuildRun, interrupt: BuildInterrupt) async -> BuildLifecycle.Event {
        switch action {
        case .markStarting:
            return await step(run, interrupt) { try await self.markStarting(run) }
        case .waitForRepositories:
            return await step(run, interrupt) { try await self.waitForRepositories(run) }
        case .closeTicket(let ticket):
            return await closeTicket(ticket, run: run)
        case .allocateHost(let avoiding):
            return await step(run, interrupt) { try await self.allocateHost(run, avoiding: Set(avoiding)) }
        case .reclaim(let lease):
            return await step(run, interrupt) { await self.reclaim(lease, run: run) }
        case .checkBuilder(let lease, let reportRunning):
            return await step(run, interrupt) { try await self.checkBuilder(lease, reportRunning: reportRunning, run: run) }
        case .startRemoteBuild(let lease, let stopStrayBuildFirst):
            return await step(run, interrupt) { try await self.startRemoteBuild(lease, stopStrayBuildFirst: stopStrayBuildFirst, run: run) }
        case .confirmRemoteBuild(let lease, let processGroup):
            return await step(run, interrupt) { try await self.confirmRemoteBuild(lease, processGroup: processGroup, run: run) }
        case .followLog(let lease, let logBase):
            return await step(run, interrupt) { try await self.followLiveLog(lease, logBase: logBase, run: run) }
        case .download(let lease):
            return await step(run, interrupt) { try await self.downloadResults(lease, run: run) }
        case .release(let lease, let stopRemoteBuild, let finishLogFrom):
            return await releaseHost(lease, stopRemoteBuild: stopRemoteBuild, finishLogFrom: finishLogFrom, run: run)
        case .publish:
            return await step(run, interrupt) { try await self.publish(run) }
        case .prepareReport(let status, let failure):
            return await prepareReport(status, failure: failure, run: run)
        case .announceEnd(let status, let announceStart):
            return await announceEnd(status, announceStart: announceStart, run: run)
        case .fetchTask, .sendReport, .leaveForNextStart, .finish:
            preconditionFailure("\(action) is carried out before the build is open")
        }
    }

    /// Runs one step that a cancel or a stop interrupts at once, and turns what it threw
    /// into the event the lifecycle decides on.
    private func step(
        _ run: BuildRun, _ interrupt: BuildInterrupt, _ body: @escaping @Sendable () async throws -> BuildLifecycle.Event
    ) async -> BuildLifecycle.Event {
        guard !Task.isShuttingDownGracefully else { return .shutdown(journaled: run.recorder.isJournaled) }
        do {
            return try await interrupt.guarding { try await cancelWhenGracefulShutdown(body) }
        } catch is BuildCanceled {
            return .canceled
        } catch {
            if Task.isShuttingDownGracefully { return .shutdown(journaled: run.recorder.isJournaled) }
            return failureEvent(error, run: run)
        }
    }

    /// The backend stops: the remote build goes on and the lease stays this task's; the
    /// journal tells the next daemon where to take the build up. Only the local
    /// connection ends.
    private func leaveForNextStart(_ run: BuildRun?, logger: Logger) async {
        (run?.log ?? logger).warning("The backend stops: the build is left as it is, the next start takes it up")
        await run?.takeShell()?.close()
        run?.backendLog.close()
    }
}
