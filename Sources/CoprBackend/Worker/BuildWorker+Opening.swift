import CoprCore
import Foundation
import Logging
import ServiceLifecycle

extension BuildWorker {
    /// A build opened from its record, or why its record is refused.
    enum Opening {
        case opened(BuildRun)
        case refused(BuildLifecycle.Event)
    }

    /// Gets the task record. 5xx and network errors are retried by the client for as
    /// long as it takes; a refusal (wrong password, bad URL) is the backend's own problem.
    /// A record the task contract refuses is taken as it came: opening the build refuses
    /// it and fails the task.
    func fetchTask(_ task: TaskID, interrupt: BuildInterrupt, recorder: BuildRecorder, logger: Logger) async -> BuildLifecycle.Event {
        let frontend = services.frontend
        guard !Task.isShuttingDownGracefully else { return .shutdown(journaled: recorder.isJournaled) }
        do {
            let fetched = try await interrupt.guarding {
                try await cancelWhenGracefulShutdown { try await frontend.task(task) }
            }
            guard let record = fetched else {
                logger.error("No job object from Frontend: the record of \(task) is null")
                return .taskUnavailable("the frontend answered null for task \(task)")
            }
            return .taskFetched(record.fields)
        } catch FrontendError.invalidRecord(_, let fields, _) {
            return .taskFetched(fields)
        } catch is BuildCanceled {
            return .canceled
        } catch _ where Task.isShuttingDownGracefully {
            return .shutdown(journaled: recorder.isJournaled)
        } catch FrontendError.notFound(_, let message) {
            logger.error("Failed to get the build task \(task): the frontend does not know it (\(message))")
            return .taskUnavailable(message)
        } catch {
            logger.error("Failed to get the build task \(task): \(error)")
            return .taskFetchRefused("\(error)")
        }
    }

    /// Validates the record, prepares the result directory (unless the build was taken
    /// up after a restart: its directory stays as it is) and opens backend.log. A refused
    /// record fails the task at once, without a result directory, with a report that
    /// echoes the record.
    func openBuild(_ task: TaskID, recorder: BuildRecorder, logger: Logger) -> Opening {
        let lifecycle = recorder.lifecycle
        let record = lifecycle.taskRecord ?? [:]
        do {
            var job = try BuildJob(
                record: record, destdir: configuration.backend.destdir,
                resultsBaseURL: configuration.backend.resultsBaseURL,
                frontendBaseURL: configuration.backend.frontendBaseURL,
                defaultTimeout: builder.defaultTimeout)
            guard job.task == task else {
                throw InvalidField(field: "task_id", reason: "asked for \(task), the frontend sent \(job.taskID)")
            }
            job.startedOn = lifecycle.startedOn ?? Date().timeIntervalSince1970
            let fresh = lifecycle.stage == .starting
            let directory = try ResultDirectory(path: job.resultsDir, root: configuration.backend.destdir)
            let hadPreviousResults = fresh ? try directory.prepare() : false
            let backendLog = LogFile(path: job.backendLogPath)
            let log = Logger(label: "worker") { _ in MultiplexLogHandler([logger.handler, BuildLogHandler(file: backendLog)]) }
            if hadPreviousResults {
                log.info("Cleaning target directory, results from previous build storing in \(directory.path)/prev_build_backup")
            }
            if fresh {
                log.info("Starting build of task \(job.taskID) (chroot \(job.chroot), owner \(job.projectOwner), project \(job.projectDirname))")
            } else {
                log.info("Taking up the build where the previous backend left it: \(lifecycle.phase.rawValue), attempt \(lifecycle.attempt)\(lifecycle.lease.map { " on \($0.info)" } ?? "")")
            }
            return .opened(BuildRun(job: job, directory: directory, log: log, backendLog: backendLog, recorder: recorder))
        } catch {
            logger.error("Refusing task \(task): \(error)")
            services.metrics?.failed(.input)
            let report = TaskReport(task: task, status: .failed, endedOn: Date().timeIntervalSince1970)
            return .refused(.taskRefused(report: JobReport(report, echoing: record)))
        }
    }
}
