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
    func fetchTask(
        _ taskID: String, sourceBuild: Bool, interrupt: BuildInterrupt, recorder: BuildRecorder, logger: Logger
    ) async -> BuildLifecycle.Event {
        let frontend = services.frontend
        guard !Task.isShuttingDownGracefully else { return .shutdown(journaled: recorder.isJournaled) }
        do {
            let fetched = try await interrupt.guarding {
                try await cancelWhenGracefulShutdown { try await frontend.task(id: taskID, sourceBuild: sourceBuild) }
            }
            guard let record = fetched else {
                logger.error("No job object from Frontend: the record of \(taskID) is null")
                return .taskUnavailable("the frontend answered null for task \(taskID)")
            }
            return .taskFetched(record)
        } catch is BuildCanceled {
            return .canceled
        } catch _ where Task.isShuttingDownGracefully {
            return .shutdown(journaled: recorder.isJournaled)
        } catch FrontendError.notFound(_, let message) {
            logger.error("Failed to get the build task \(taskID): the frontend does not know it (\(message))")
            return .taskUnavailable(message)
        } catch {
            logger.error("Failed to get the build task \(taskID): \(error)")
            return .taskFetchRefused("\(error)")
        }
    }

    /// Validates the record, prepares the result directory (unless the build was taken
    /// up after a restart: its directory stays as it is) and opens backend.log. A refused
    /// record fails the task at once, without a result directory.
    func openBuild(taskID: String, recorder: BuildRecorder, logger: Logger) -> Opening {
        let lifecycle = recorder.lifecycle
        let record = lifecycle.taskRecord ?? [:]
        do {
            var job = try BuildJob(
                record: record, destdir: configuration.backend.destdir,
                resultsBaseURL: configuration.backend.resultsBaseURL,
                frontendBaseURL: configuration.backend.frontendBaseURL,
                defaultTimeout: builder.defaultTimeout)
            guard job.taskID == taskID else {
                throw InvalidField(field: "task_id", reason: "asked for \(taskID), the frontend sent \(job.taskID)")
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
            logger.error("Refusing task \(taskID): \(error)")
            services.metrics?.failed(.input)
            var report = record
            report["status"] = .int(BuildStatus.failed.rawValue)
            report["ended_on"] = .double(Date().timeIntervalSince1970)
            if let buildID = record["build_id"] { report["id"] = buildID }
            return .refused(.taskRefused(report: .object(report)))
        }
    }
}
