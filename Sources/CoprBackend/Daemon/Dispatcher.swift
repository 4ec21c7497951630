import CoprCore
import Foundation
import Logging
import ServiceLifecycle

/// The build dispatcher: turns the frontend's queue into build workers, each a child task
/// of the daemon with its own cancel switch, as upstream's build dispatcher does.
///
/// Every cycle (`sleeptime`, or at once after `wakeUp()`): fetch `pending-jobs`, route the
/// cancel requests (drop a queued task, cancel a running one, confirm to the frontend),
/// then start what the `Scheduler` allows. A failed fetch keeps the current queue; a
/// malformed record is logged and skipped.
///
/// With a journal, builds outlive the daemon: `run()` first takes up every build the
/// journal lists (`BuildWorker.resume`), and a graceful shutdown leaves running builds as
/// they are (remote build running, lease kept) for the next start.
///
/// A `Service`: in a `ServiceGroup`, the group's graceful shutdown calls `stop()`, and
/// every worker, a child task of `run()`, sees the shutdown itself.
public actor Dispatcher: Service {
    /// One running build, for the status output.
    public struct RunningBuild: Sendable, Encodable, Equatable {
        public var taskID: String
        public var phase: BuildPhase
        public var host: String?
        public var attempt: Int
        public var startedOn: Date

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case phase, host, attempt
            case startedOn = "started_on"
        }
    }

    /// What the daemon is doing now.
    public struct Status: Sendable, Encodable, Equatable {
        public var queue: [WaitingTask]
        public var running: [RunningBuild]
        /// Newest first, at most `RecentFailure.kept`.
        public var recentFailures: [RecentFailure]

        enum CodingKeys: String, CodingKey {
            case queue, running
            case recentFailures = "recent_failures"
        }
    }

    private let frontend: any FrontendAPI
    private let worker: BuildWorker
    private let metrics: BackendMetrics
    private let journal: Journal?
    /// Where each cycle's queue goes at log level debug (upstream's
    /// `copr-build-dispatcher-queue.json`), nil to skip.
    private let queueDumpPath: String?
    private let sleeptime: Duration
    /// What the first cycle waits for (the embedded frontend listens), nil to begin at once.
    private let startsAfter: ReadySignal?
    private let logger: Logger
    private var scheduler: Scheduler
    private var running: [String: (interrupt: BuildInterrupt, recorder: BuildRecorder, startedOn: Date)] = [:]
    private var recentFailures: [RecentFailure] = []
    private var stopping = false
    private let wakeUps = WakeUpSignal()

    /// - Parameter startsAfter: with the embedded frontend, its listening: nothing happens
    ///   before, not even taking up the builds of the journal.
    public init(
        frontend: any FrontendAPI, worker: BuildWorker, options: SchedulingOptions, metrics: BackendMetrics = BackendMetrics(),
        journal: Journal? = nil, queueDumpPath: String? = nil, startsAfter: ReadySignal? = nil, logger: Logger
    ) {
        self.queueDumpPath = queueDumpPath
        self.startsAfter = startsAfter
        self.frontend = frontend
        self.worker = worker
        self.metrics = metrics
        self.journal = journal
        self.sleeptime = options.sleeptime
        self.logger = logger
        self.scheduler = Scheduler(options: options)
    }

    /// Runs cycles until `stop()` or the service group's graceful shutdown; returns once
    /// every worker has returned. A shutdown that comes while it waits for `startsAfter`
    /// ends it before its first cycle.
    public func run() async {
        await withGracefulShutdownHandler {
            if let startsAfter {
                await cancelWhenGracefulShutdown { await startsAfter.wait() }
                if Task.isShuttingDownGracefully {
                    logger.info("Build dispatcher stopped before its first cycle")
                    return
                }
            }
            await runCycles()
        } onGracefulShutdown: {
            self.logger.info("The daemon shuts down gracefully")
            Task { await self.stop() }
        }
    }

    private func runCycles() async {
        logger.info("Build dispatcher started")
        let inFlight = await buildsInFlight()
        scheduler = Scheduler(options: scheduler.options, running: inFlight.map(\.task))
        await withDiscardingTaskGroup { group in
            for (task, lifecycle) in inFlight {
                logger.info("Taking up task \(task.taskID), \(lifecycle.phase.rawValue) when the previous daemon stopped")
                let started = startWorker(for: task, lifecycle: lifecycle)
                let worker = self.worker
                group.addTask {
                    let outcome = await worker.resume(
                        buildID: task.buildID, chroot: task.workerChroot, interrupt: started.interrupt, recorder: started.recorder)
                    await self.workerEnded(task.taskID, outcome: outcome)
                }
            }
            while !stopping {
                let (starts, canceled) = await cycle()
                for task in starts where !stopping {
                    let lifecycle = worker.newLifecycle(queueRecord: task.record)
                    do {
                        try await journal?.begin(taskID: task.taskID, lifecycle: lifecycle)
                    } catch {
                        logger.error("Cannot write the journal, not starting \(task.taskID): \(error)")
                        scheduler.workerEnded(taskID: task.taskID)
                        continue
                    }
                    // A stop that came while the journal was written: the entry stays
                    // there and the next start builds the task.
                    guard !stopping else { break }
                    logger.info("Starting worker for task \(task.taskID)")
                    let started = startWorker(for: task, lifecycle: lifecycle)
                    let worker = self.worker
                    group.addTask {
                        let outcome = await worker.process(
                            buildID: task.buildID, chroot: task.workerChroot, interrupt: started.interrupt, recorder: started.recorder)
                        await self.workerEnded(task.taskID, outcome: outcome)
                    }
                }
                await confirm(canceled)
                await wakeUps.wait(timeout: sleeptime)
            }
            // In a graceful shutdown every worker sees it and stops; after a plain `stop()`
            // the running builds go on to their end.
            logger.info("Stopping: \(journal == nil ? "stopping" : "leaving") \(running.count) running builds\(journal == nil ? "" : " for the next start")")
        }
        logger.info("Build dispatcher stopped")
    }

    private func startWorker(for task: QueuedTask, lifecycle: BuildLifecycle) -> (interrupt: BuildInterrupt, recorder: BuildRecorder) {
        let interrupt = BuildInterrupt()
        let recorder = BuildRecorder(taskID: task.taskID, lifecycle: lifecycle, journal: journal, metrics: metrics)
        running[task.taskID] = (interrupt, recorder, Date())
        return (interrupt, recorder)
    }

    /// Asks for a cycle now (new work or a cancel appeared).
    public nonisolated func wakeUp() {
        wakeUps.wakeUp()
    }

    /// Ends `run()`: no new builds start. Running builds end on their own, or, in the
    /// service group's graceful shutdown, are given back for the next start.
    public func stop() {
        stopping = true
        wakeUps.wakeUp()
    }

    public var status: Status {
        Status(
            queue: scheduler.waitingTasks,
            running: running.map { taskID, build in
                let now = build.recorder.lifecycle
                return RunningBuild(taskID: taskID, phase: now.phase, host: now.lease?.hostname, attempt: now.attempt, startedOn: build.startedOn)
            }.sorted { $0.taskID < $1.taskID },
            recentFailures: recentFailures)
    }

    /// Where the tasks `taskIDs` stand: a queued one with its position and the scheduler's
    /// reason, a running build still getting a builder without a position; tasks that are
    /// neither are absent. Reads the queue only as far as those tasks.
    public func waitingPlaces(of taskIDs: Set<String>) -> [String: WaitingPlace] {
        Self.waitingPlaces(
            queued: scheduler.waitingTasks(among: taskIDs),
            running: running.filter { taskIDs.contains($0.key) }.map { (taskID: $0.key, phase: $0.value.recorder.lifecycle.phase) })
    }

    /// The metrics in Prometheus text format, with the queue and running gauges as of now.
    public func metricsText() -> String {
        var runningByPhase: [String: Int] = [:]
        for build in running.values {
            runningByPhase[build.recorder.lifecycle.phase.rawValue, default: 0] += 1
        }
        metrics.update(queueDepth: scheduler.queueDepths, runningByPhase: runningByPhase)
        return metrics.render()
    }

    /// One cycle: intake, cancels, and the tasks to start now. Both lists are fetched
    /// first, then queue, cancels and starts are decided without a suspension point, so
    /// `status` never sees a half-planned cycle.
    private func cycle() async -> (starts: [QueuedTask], canceled: [(task: TaskID, wasRunning: Bool)]) {
        let records: [JSONValue]?
        // Workers that end while the answer is on its way are still listed in it.
        let fetchMark = scheduler.fetchBegins()
        do {
            records = try await frontend.pendingJobs()
        } catch {
            logger.error("Cannot get pending jobs from the frontend, keeping the current queue: \(error)")
            records = nil
        }
        let cancelRequests: [TaskID]
        do {
            cancelRequests = try await frontend.cancelRequests()
        } catch {
            logger.error("Cannot get cancel requests from the frontend: \(error)")
            cancelRequests = []
        }
        if let records {
            let intake = scheduler.beginCycle(pendingRecords: records, fetchedAt: fetchMark)
            for skipped in intake.skipped {
                logger.warning("Skipping pending-jobs record #\(skipped.position) (\(skipped.taskID ?? "no task id")): \(skipped.reason)")
            }
            if !intake.endedDuringFetch.isEmpty {
                logger.info("Not starting again, their workers ended after pending-jobs was fetched: \(intake.endedDuringFetch.joined(separator: ", "))")
            }
            if !intake.newTaskIDs.isEmpty {
                logger.info("Got new 'build' tasks: \(intake.newTaskIDs.joined(separator: ", "))")
            }
        }
        let canceled = cancelRequests.map { task -> (task: TaskID, wasRunning: Bool) in
            metrics.canceled()
            let taskID = task.description
            switch scheduler.cancelRequested(taskID: taskID) {
            case .cancelWorker:
                running[taskID]?.interrupt.cancel()
                logger.info("Canceling running task \(taskID)")
                return (task, true)
            case .droppedFromQueue, .unknown:
                logger.info("Canceled task \(taskID) before it started")
                return (task, false)
            }
        }
        let starts = scheduler.planStarts()
        dumpQueue()
        return (starts, canceled)
    }

    /// Writes the waiting tasks as upstream does: `[[priority, position, task_id], …]`.
    private func dumpQueue() {
        guard let queueDumpPath else { return }
        let queue: JSONValue = .array(scheduler.waitingTasks.enumerated().map { position, task in
            [.int(task.priority), .int(position), .string(task.taskID)]
        })
        do {
            try queue.encoded().write(to: URL(fileURLWithPath: queueDumpPath), options: .atomic)
        } catch {
            logger.error("Cannot write the queue dump \(queueDumpPath): \(error)")
        }
    }

    /// Confirms cancel requests to the frontend (`true` when a worker had the task),
    /// without waiting for the workers.
    private func confirm(_ canceled: [(task: TaskID, wasRunning: Bool)]) async {
        for (task, wasRunning) in canceled {
            do {
                try await frontend.reportCanceled(task, wasRunning: wasRunning)
            } catch {
                logger.error("Cannot confirm the cancel of \(task) to the frontend, it will ask again: \(error)")
            }
        }
    }

    /// The builds the journal lists as in flight when an earlier daemon stopped, with the
    /// tasks they were scheduled from. An entry this daemon cannot take up (written by an
    /// older daemon) is dropped after its resalloc ticket is closed: the frontend still
    /// lists the task, so it runs again.
    private func buildsInFlight() async -> [(task: QueuedTask, lifecycle: BuildLifecycle)] {
        guard let journal else { return [] }
        var builds: [(task: QueuedTask, lifecycle: BuildLifecycle)] = []
        do {
            for entry in try await journal.inFlight() {
                if let lifecycle = entry.lifecycle, let task = try? QueuedTask(record: lifecycle.queueRecord), task.taskID == entry.taskID {
                    builds.append((task, lifecycle))
                    continue
                }
                if let ticket = entry.abandonedTicket {
                    logger.warning("Task \(entry.taskID) held ticket \(ticket) when an older daemon stopped; closing the ticket")
                    await worker.services.hosts.closeTicket(ticket, logger: logger)
                }
                try await journal.finish(taskID: entry.taskID)
            }
        } catch {
            logger.error("Cannot read the journal: \(error)")
        }
        return builds
    }

    private func workerEnded(_ taskID: String, outcome: BuildOutcome) async {
        do {
            if outcome != .leftForNextStart { try await journal?.finish(taskID: taskID) }
        } catch {
            logger.error("Cannot update the journal for \(taskID): \(error)")
        }
        if let ended = running.removeValue(forKey: taskID)?.recorder.lifecycle, let failure = ended.failure,
           failure.kind != .canceled, outcome != .leftForNextStart {
            recentFailures.insert(
                RecentFailure(taskID: taskID, kind: failure.kind.rawValue, reason: failure.reason, builder: ended.builder, endedOn: Date()),
                at: 0)
            recentFailures = Array(recentFailures.prefix(RecentFailure.kept))
        }
        scheduler.workerEnded(taskID: taskID)
        logger.info("Worker for task \(taskID) ended: \(outcome)")
        // A freed slot can start a waiting task before the next cycle is due.
        if !stopping { wakeUps.wakeUp() }
    }
}
