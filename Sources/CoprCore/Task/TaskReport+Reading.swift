extension TaskReport {
    /// Reads one job dict of `starting_build` or `update`. Only the fields a frontend
    /// applies are read, and each is checked: a wrong type, a task id that does not match
    /// `build_id`, an unknown status or a hostile name throws, and the frontend refuses
    /// the whole request. `built_packages` and `results` are not read: upstream's frontend
    /// stores them, ours has no use for them yet.
    public init(json value: JSONValue) throws(InvalidField) {
        guard let fields = value.objectValue else {
            throw InvalidField(field: "build", reason: "expected a JSON object, found \(TaskRules.describe(value))")
        }
        guard let buildValue = fields["build_id"] ?? fields["id"], let buildID = buildValue.intValue, buildValue.stringValue == nil else {
            throw InvalidField(field: "build_id", reason: "expected an integer build id")
        }
        let taskText = fields["task_id"]?.stringValue ?? fields["task_id"]?.intValue.map(String.init)
        guard let taskText else { throw InvalidField(field: "task_id", reason: "expected a task id string") }
        let task = try TaskID(taskText)
        guard task.buildID == buildID else {
            throw InvalidField(field: "task_id", reason: "task \(TaskRules.quoted(taskText)) is not a task of build \(buildID)")
        }
        if let chroot = task.chroot, let reported = fields["chroot"]?.stringValue, reported != chroot {
            throw InvalidField(field: "chroot", reason: "task \(taskText) is for \(chroot), not \(TaskRules.quoted(reported))")
        }
        guard let statusValue = fields["status"], let number = statusValue.intValue, statusValue.stringValue == nil,
              let status = BuildStatus(rawValue: number)
        else {
            let known = BuildStatus.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw InvalidField(field: "status", reason: "expected one of \(known), found \(TaskRules.describe(fields["status"]))")
        }
        self.init(
            task: task, status: status,
            startedOn: try Self.time(fields["started_on"], field: "started_on"),
            endedOn: try Self.time(fields["ended_on"], field: "ended_on"),
            resultDir: try Self.text(fields["result_dir"], field: "result_dir", TaskRules.resultDir),
            packageName: try Self.text(fields["pkg_name"], field: "pkg_name", TaskRules.packageName),
            packageVersion: try Self.text(fields["pkg_version"], field: "pkg_version", TaskRules.packageVersion),
            srpmURL: try Self.text(fields["srpm_url"], field: "srpm_url") { text, field throws(InvalidField) in
                try TaskRules.webURL(text, field: field, suffixes: [".src.rpm"])
            })
    }

    /// A UNIX time, or nil when absent or null.
    private static func time(_ value: JSONValue?, field: String) throws(InvalidField) -> Double? {
        guard let value, !value.isNull else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite, (0..<1e11).contains(seconds) else {
            throw InvalidField(field: field, reason: "expected a UNIX time in seconds, found \(TaskRules.describe(value))")
        }
        return seconds
    }

    /// A string checked by `rule`, copied only when it is truthy, as upstream's frontend
    /// copies it.
    private static func text(
        _ value: JSONValue?, field: String, _ rule: (String, String) throws(InvalidField) -> String
    ) throws(InvalidField) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw InvalidField(field: field, reason: "expected a string, found \(TaskRules.describe(value))")
        }
        return text.isEmpty ? nil : try rule(text, field)
    }
}
