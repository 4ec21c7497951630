import CoprCore
import Foundation

/// One build task as the backend's worker carries it out (an RPM build of one chroot, or
/// the SRPM build of a build): the checked ``TaskRecord``, the derived paths and names of
/// upstream's `BuildJob`, and what the worker found out, which goes back in the report.
///
/// Construction checks the record with the task contract (``TaskRecord``) and needs
/// `project_owner` and `project_dirname`, which become the results directory; the record
/// itself is kept and echoed back in ``report``, as upstream's `to_dict()` does.
public struct BuildJob: Sendable {
    /// The record as the frontend sent it, checked.
    public let record: TaskRecord
    public let projectOwner: String
    public let projectDirname: String
    /// Seconds the builder may spend; the task's own value or `[builder] timeout`.
    public let timeout: Int
    /// Resalloc tags: `arch_<arch>` (or `arch_noarch`) followed by the task's tags.
    public let tags: [String]
    /// Where the results tree is and how it is served.
    public let layout: ResultsLayout
    public let frontendBaseURL: String

    public var status: BuildStatus = .pending
    public var startedOn: Double?
    public var endedOn: Double?
    public var builtPackages = ""
    public var srpmURL: String?
    public var pkgName: String?
    public var pkgVersion: String?
    public var results: JSONValue?

    /// Builds the job from a frontend record, refusing hostile values with ``InvalidField``.
    public init(record fields: [String: JSONValue], destdir: String, resultsBaseURL: String, frontendBaseURL: String, defaultTimeout: Int) throws {
        record = try TaskRecord(fields: fields)
        projectOwner = try record.required(record.projectOwner, "project_owner")
        projectDirname = try record.required(record.projectDirname, "project_dirname")
        timeout = record.timeout ?? defaultTimeout
        tags = ["arch_\(record.chroot?.arch ?? "noarch")"] + record.tags
        layout = ResultsLayout(destdir: destdir, baseURL: resultsBaseURL)
        self.frontendBaseURL = frontendBaseURL
    }

    public var task: TaskID { record.task }
    public var taskID: String { record.task.description }
    public var buildID: Int { record.buildID }
    public var isSourceBuild: Bool { record.task.isSourceBuild }
    /// The chroot directory of the results: the chroot, `srpm-builds` for source builds.
    public var chroot: String { record.task.resultsChroot }
    /// The architecture of the record's chroot (`x86_64`); nil for plain SRPM tasks.
    public var arch: String? { record.chroot?.arch }
    public var projectName: String? { record.projectName }
    public var submitter: String? { record.submitter }
    public var sandbox: String? { record.sandbox }
    public var packageName: String? { record.packageName }
    public var packageVersion: String? { record.packageVersion }
    public var usesDevelRepo: Bool { record.fields["uses_devel_repo"]?.boolValue ?? false }
    public var appstream: Bool { record.fields["appstream"]?.boolValue ?? true }

    /// `<destdir>/<owner>/<dirname>`: the project directory.
    public var destdir: String { layout.path(projectDirectory) }
    public var resultsRepoURL: String { layout.url(projectDirectory) }
    /// `%08d` of the build id plus `-<package_name>` for RPM tasks (`00001234-hello`).
    public var targetDirName: String {
        ResultsLayout.taskDirectoryName(buildID: buildID, packageName: packageName, sourceBuild: isSourceBuild)
    }
    public var chrootDir: String { layout.path("\(projectDirectory)/\(chroot)") }
    public var resultsDir: String { layout.path(taskDirectory) }
    public var resultsDirURL: String { layout.url(taskDirectory) }
    public var backendLogPath: String { (resultsDir as NSString).appendingPathComponent("backend.log") }
    public var builderLogPath: String { (resultsDir as NSString).appendingPathComponent("builder-live.log") }
    public var rsyncLogName: String { String(format: "build-%08d.rsync.log", buildID) }

    private var projectDirectory: String { ResultsLayout.projectDirectory(owner: projectOwner, dirname: projectDirname) }
    private var taskDirectory: String {
        ResultsLayout.taskDirectory(owner: projectOwner, dirname: projectDirname, task: task, packageName: packageName)
    }

    /// The URL the builder fetches the task from (`--task-url`).
    public var taskURL: String {
        let base = URL(string: frontendBaseURL).flatMap { url -> String? in
            guard let scheme = url.scheme, let host = url.host else { return nil }
            return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        } ?? frontendBaseURL
        let endpoint = isSourceBuild ? "get-srpm-build-task" : "get-build-task"
        return "\(base)/backend/\(endpoint)/\(taskID)"
    }

    /// How long the last attempt took, from `started_on` to `ended_on`.
    public var tookSeconds: Double? {
        guard let startedOn, let endedOn else { return nil }
        return endedOn - startedOn
    }

    /// What goes to `starting_build` and `update` (upstream's `to_dict()`): the report over
    /// every frontend key and the worker's own attributes.
    public var report: JobReport {
        var echoed = record.fields
        echoed["arch"] = arch.map(JSONValue.string) ?? .null
        echoed["timeout"] = .int(timeout)
        echoed["destdir"] = .string(destdir)
        echoed["results_repo_url"] = .string(resultsRepoURL)
        echoed["tags"] = .array(tags.map(JSONValue.string))
        echoed["frontend_base_url"] = .string(frontendBaseURL)
        echoed["enable_net"] = record.fields["enable_net"] ?? .bool(true)
        echoed["memory_reqs"] = record.fields["memory_reqs"] ?? .null
        let owner = projectOwner, project = projectName ?? projectDirname
        echoed["mockchain_macros"] = [
            "copr_username": .string(owner),
            "copr_projectname": .string(project),
            "vendor": .string("Fedora Project COPR (\(owner)/\(project))"),
        ]
        let report = TaskReport(
            task: task, status: status, startedOn: startedOn, endedOn: endedOn, resultDir: targetDirName,
            packageName: pkgName, packageVersion: pkgVersion, srpmURL: srpmURL, builtPackages: builtPackages, results: results)
        return JobReport(report, echoing: echoed)
    }
}
