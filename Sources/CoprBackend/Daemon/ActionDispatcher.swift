import CoprCore
import Foundation
import Logging
import ServiceLifecycle

/// The action dispatcher: carries out the frontend's actions (deletes, createrepo, …)
/// beside the build dispatcher, each as a child task, as upstream's
/// `copr-backend-action` service does.
///
/// Every cycle (`sleeptime`, or at once after an action ended): send the results not yet
/// reported, fetch `pending-actions`, read the record of each new action
/// (`action/<id>`), then start what the `ActionQueue` allows. A record that cannot be
/// read as its type says is answered with a failure, alone.
///
/// With a journal, an action is written there before it starts and when it ends, and
/// removed once the frontend has its result: a restart runs again what was interrupted
/// and reports what was not reported, each once. A graceful shutdown interrupts the
/// running actions and leaves them to the next start.
public actor ActionDispatcher: Service {
    /// What the action dispatcher is doing now, for the status output.
    public struct Status: Sendable, Encodable, Equatable {
        public var waiting: Int
        public var running: [Int]
        public var unreported: Int
    }

    private let frontend: any ActionFrontendAPI
    private let executor: ActionExecutor
    private let metrics: BackendMetrics
    private let journal: Journal?
    private let sleeptime: Duration
    private let logger: Logger
    private var queue: ActionQueue
    /// The records of the actions read and not yet ended.
    private var records: [Int: ActionRecord] = [:]
    private var stopping = false
    private let wakeUps = WakeUpSignal()

    public init(
        frontend: any ActionFrontendAPI, executor: ActionExecutor, options: SchedulingOptions,
        metrics: BackendMetrics = BackendMetrics(), journal: Journal? = nil, logger: Logger
    ) {
        self.frontend = frontend
        self.executor = executor
        self.metrics = metrics
        self.journal = journal
        self.sleeptime = options.sleeptime
        self.logger = logger
        self.queue = ActionQueue(maxWorkers: options.actionsMaxWorkers, blockedOwners: Set(options.blockedOwners))
    }

    /// Runs cycles until `stop()` or the service group's graceful shutdown; returns once
    /// every running action has returned.
    public func run() async {
        await withGracefulShutdownHandler {
            await runCycles()
        } onGracefulShutdown: {
            Task { await self.stop() }
        }
    }

    /// Ends `run()`: no new actions start; running ones are interrupted and left to the
    /// next start.
    public func stop() {
        stopping = true
        wakeUps.wakeUp()
    }

    /// Asks for a cycle now.
    public nonisolated func wakeUp() {
        wakeUps.wakeUp()
    }

    public var status: Status {
        Status(waiting: queue.waitingCount, running: queue.runningIDs, unreported: queue.pendingReports.count)
    }

    private func runCycles() async {
        logger.info("Action dispatcher started")
        await withDiscardingTaskGroup { group in
            for (id, plan) in await actionsInFlight() {
                logger.info("Running action \(id) again: the previous daemon stopped while it ran")
                queue.resumed(id, plan: plan)
                start(id, plan, in: &group)
            }
            while !stopping {
                await reportResults()
                for start in await cycle() where !stopping {
                    guard let record = records[start.id] else { continue }
                    do {
                        try await journal?.actionBegins(record)
                    } catch {
                        logger.error("Cannot write the journal, not starting action \(start.id): \(error)")
                        queue.interrupted(start.id)
                        continue
                    }
                    self.start(start.id, start.plan, in: &group)
                }
                updateGauges()
                await wakeUps.wait(timeout: sleeptime)
            }
            group.cancelAll()
        }
        logger.info("Action dispatcher stopped")
    }

    private func start(_ id: Int, _ plan: ActionPlan, in group: inout DiscardingTaskGroup) {
        let type = records[id].flatMap { $0.actionType.flatMap(ActionType.init(rawValue:)) }?.name ?? "unknown"
        logger.info("Executing action \(id) (\(type)): \(plan)")
        let executor = self.executor
        let logger = self.logger
        group.addTask {
            let begun = ContinuousClock.now
            let result = await executor.run(id, plan, logger: logger)
            await self.ended(id, type: type, result: result, after: ContinuousClock.now - begun, interrupted: Task.isCancelled)
        }
    }

    private func ended(_ id: Int, type: String, result: ActionResult, after duration: Duration, interrupted: Bool) async {
        guard !interrupted else {
            logger.info("Action \(id) interrupted by the shutdown; the next start runs it again")
            queue.interrupted(id)
            return
        }
        logger.info("Action \(id) ended with status=\(result.name)")
        metrics.actionFinished(type: type, result: result, after: duration)
        do {
            try await journal?.actionEnded(id, result: result)
        } catch {
            logger.error("Cannot write the journal for action \(id): \(error)")
        }
        records[id] = nil
        queue.ended(id, result: result)
        updateGauges()
        if !stopping { wakeUps.wakeUp() }
    }

    /// Sends each result the frontend does not have yet; one it does not take is sent
    /// again next cycle.
    private func reportResults() async {
        for (id, result) in queue.pendingReports {
            do {
                try await frontend.reportAction(id, result: result)
            } catch {
                logger.error("Cannot report action \(id) to the frontend, trying again next cycle: \(error)")
                continue
            }
            queue.reported(id)
            do {
                try await journal?.actionReported(id)
            } catch {
                logger.error("Cannot write the journal for action \(id): \(error)")
            }
        }
    }

    /// Fetches the frontend's waiting actions, reads the new records, and plans the starts.
    private func cycle() async -> [ActionQueue.Start] {
        let mark = queue.fetchBegins()
        let answer: [JSONValue]
        do {
            answer = try await frontend.pendingActions()
        } catch {
            logger.error("Retrieving pending actions failed: \(error)")
            return queue.planStarts()
        }
        var entries: [PendingAction] = []
        for (position, value) in answer.enumerated() {
            guard let entry = PendingAction(listed: value) else {
                logger.warning("Skipping pending-actions entry #\(position): no action id in \(TaskRules.describe(value))")
                continue
            }
            entries.append(entry)
        }
        let unread = queue.listed(entries, fetchedAt: mark)
        // The records of actions the frontend withdrew are not needed any more.
        let kept = Set(entries.map(\.id)).union(queue.runningIDs)
        records = records.filter { kept.contains($0.key) }
        for id in unread {
            do {
                let record = try await frontend.action(id)
                records[id] = record
                queue.recordRead(id, plan: plan(for: record))
            } catch FrontendError.notFound {
                queue.recordGone(id)
            } catch FrontendError.badResponse(_, let reason) {
                records[id] = ActionRecord(id: id, actionType: nil, data: nil)
                queue.recordRead(id, plan: .refused(reason: "its record cannot be read: \(reason)"))
            } catch {
                logger.error("Cannot read action \(id), trying again next cycle: \(error)")
            }
        }
        return queue.planStarts()
    }

    private func plan(for record: ActionRecord) -> ActionPlan {
        do {
            return try ActionPlan(record)
        } catch {
            logger.warning("Action \(record.id) is refused: \(error)")
            return .refused(reason: error.description)
        }
    }

    /// The actions the journal lists: those with a result go to be reported, the others
    /// run again.
    private func actionsInFlight() async -> [(id: Int, plan: ActionPlan)] {
        guard let journal else { return [] }
        var again: [(id: Int, plan: ActionPlan)] = []
        do {
            for entry in try await journal.actionsInFlight() {
                if let result = entry.result {
                    queue.ended(entry.record.id, result: result)
                } else {
                    records[entry.record.id] = entry.record
                    again.append((entry.record.id, plan(for: entry.record)))
                }
            }
        } catch {
            logger.error("Cannot read the journal's actions: \(error)")
        }
        return again
    }

    private func updateGauges() {
        metrics.actions(queued: queue.waitingCount, running: queue.runningIDs.count)
    }
}
