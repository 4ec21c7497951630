import CoprCore

/// What the backend reports about one task in `starting_build` or `update` (upstream's
/// `update_state_from_dict`), reduced to the fields the frontend applies.
public struct TaskReport: Sendable, Equatable {
    /// The task reported on and the state the backend reports for it.
    public var task: TaskID
    public var status: BuildStatus
    /// UNIX times of the start and end of the task, when known.
    public var startedOn: Double?
    public var endedOn: Double?
    /// The result directory name (`result_dir`).
    public var resultDir: String?
    /// Source builds: `pkg_name`, `pkg_version` and `srpm_url` found in the SRPM.
    public var packageName: String?
    public var packageVersion: String?
    public var srpmURL: String?

    public init(
        task: TaskID, status: BuildStatus, startedOn: Double? = nil, endedOn: Double? = nil, resultDir: String? = nil,
        packageName: String? = nil, packageVersion: String? = nil, srpmURL: String? = nil
    ) {
        self.task = task
        self.status = status
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.resultDir = resultDir
        self.packageName = packageName
        self.packageVersion = packageVersion
        self.srpmURL = srpmURL
    }
}
