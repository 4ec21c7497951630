/// What a backend reports about one task in `starting_build` and `update`: the job dict
/// of upstream's backend (its `to_dict()`), which upstream's frontend applies in
/// `update_state_from_dict`.
///
/// The report's own fields (`id`, `build_id`, `task_id`, `chroot`, `status`,
/// `started_on`, `ended_on`, `result_dir`, `built_packages`, `srpm_url`, `pkg_name`,
/// `pkg_version`, `results`) are written over the task record it echoes
/// (``fields(echoing:)``), as upstream's backend sends every key of the record back; a
/// frontend reads only the report's own fields and ignores the rest (``init(json:)``).
///
/// `Codable` with upstream's names for the report's own fields and without checks: the
/// form in which a backend keeps a report it made until it is delivered. A report that
/// arrives from elsewhere is read with ``init(json:)``, which checks every field.
public struct TaskReport: Sendable, Equatable, Codable {
    /// The task reported on and the state the backend reports for it.
    public var task: TaskID
    public var status: BuildStatus
    /// UNIX times of the start and end of the task, when known.
    public var startedOn: Double?
    public var endedOn: Double?
    /// The task's directory name in the results tree (`result_dir`).
    public var resultDir: String?
    /// Source builds: `pkg_name`, `pkg_version` and `srpm_url` found in the SRPM.
    public var packageName: String?
    public var packageVersion: String?
    public var srpmURL: String?
    /// `built_packages`: `"<name> <version>"` lines of what the build produced.
    public var builtPackages: String?
    /// `results`: the builder's `results.json`.
    public var results: JSONValue?

    enum CodingKeys: String, CodingKey {
        case task = "task_id", status, startedOn = "started_on", endedOn = "ended_on", resultDir = "result_dir"
        case packageName = "pkg_name", packageVersion = "pkg_version", srpmURL = "srpm_url", builtPackages = "built_packages"
        case results
    }

    public init(
        task: TaskID, status: BuildStatus, startedOn: Double? = nil, endedOn: Double? = nil, resultDir: String? = nil,
        packageName: String? = nil, packageVersion: String? = nil, srpmURL: String? = nil, builtPackages: String? = nil,
        results: JSONValue? = nil
    ) {
        self.task = task
        self.status = status
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.resultDir = resultDir
        self.packageName = packageName
        self.packageVersion = packageVersion
        self.srpmURL = srpmURL
        self.builtPackages = builtPackages
        self.results = results
    }

    /// The job dict: `record` (the task record and whatever the backend adds to it) with
    /// the report's fields written over it. `started_on` and `ended_on` are `null` while
    /// unknown; the other optional fields are left as the record has them.
    public func fields(echoing record: [String: JSONValue]) -> [String: JSONValue] {
        var fields = record
        fields["id"] = .int(task.buildID)
        fields["build_id"] = .int(task.buildID)
        fields["task_id"] = .string(task.description)
        fields["chroot"] = .string(task.resultsChroot)
        fields["status"] = .int(status.rawValue)
        fields["started_on"] = startedOn.map(JSONValue.double) ?? .null
        fields["ended_on"] = endedOn.map(JSONValue.double) ?? .null
        if let resultDir { fields["result_dir"] = .string(resultDir) }
        if let builtPackages { fields["built_packages"] = .string(builtPackages) }
        if let srpmURL { fields["srpm_url"] = .string(srpmURL) }
        if let packageName { fields["pkg_name"] = .string(packageName) }
        if let packageVersion { fields["pkg_version"] = .string(packageVersion) }
        if let results { fields["results"] = results }
        return fields
    }
}
