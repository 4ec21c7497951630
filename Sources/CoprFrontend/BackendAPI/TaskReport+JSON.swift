import CoprCore

extension TaskReport {
    /// Reads one job dict of `starting_build` or `update` (the backend's `to_dict()`).
    /// Only the fields the frontend applies are read, and each is checked: a wrong type,
    /// a task id that does not match `build_id`, an unknown status or a hostile name
    /// throws ``InvalidInput`` and the whole request is refused.
    init(json value: JSONValue) throws(InvalidInput) {
        guard let fields = value.objectValue else {
            throw InvalidInput(field: "build", reason: "expected a JSON object, found \(Self.kind(of: value))")
        }
        guard let buildValue = fields["build_id"] ?? fields["id"], let buildID = buildValue.intValue, buildValue.stringValue == nil else {
            throw InvalidInput(field: "build_id", reason: "expected an integer build id")
        }
        let taskText = fields["task_id"]?.stringValue ?? fields["task_id"]?.intValue.map(String.init)
        guard let taskText else { throw InvalidInput(field: "task_id", reason: "expected a task id string") }
        let task = try TaskID(taskText)
        guard task.buildID == buildID else {
            throw InvalidInput(field: "task_id", reason: "task \(InputRules.quoted(taskText)) is not a task of build \(buildID)")
        }
        if let chroot = task.chroot, let reported = fields["chroot"]?.stringValue, reported != chroot {
            throw InvalidInput(field: "chroot", reason: "task \(taskText) is for \(chroot), not \(InputRules.quoted(reported))")
        }
        guard let statusValue = fields["status"], let number = statusValue.intValue, statusValue.stringValue == nil,
              let status = BuildStatus(rawValue: number)
        else {
            let known = BuildStatus.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw InvalidInput(field: "status", reason: "expected one of \(known), found \(fields["status"].map { "\($0)" } ?? "nothing")")
        }
        self.init(
            task: task, status: status,
            startedOn: try Self.time(fields["started_on"], field: "started_on"),
            endedOn: try Self.time(fields["ended_on"], field: "ended_on"),
            resultDir: try Self.text(fields["result_dir"], field: "result_dir").map { text throws(InvalidInput) in try InputRules.resultDir(text) },
            packageName: try Self.text(fields["pkg_name"], field: "pkg_name").map { text throws(InvalidInput) in try InputRules.packageName(text) },
            packageVersion: try Self.text(fields["pkg_version"], field: "pkg_version").map { text throws(InvalidInput) in
                try InputRules.packageVersion(text)
            },
            srpmURL: try Self.text(fields["srpm_url"], field: "srpm_url").map { text throws(InvalidInput) in
                try InputRules.webURL(text, field: "srpm_url", suffixes: [".src.rpm"])
            })
    }

    /// A UNIX time, or nil when absent or null.
    private static func time(_ value: JSONValue?, field: String) throws(InvalidInput) -> Double? {
        guard let value, !value.isNull else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite, (0..<1e11).contains(seconds) else {
            throw InvalidInput(field: field, reason: "expected a UNIX time in seconds, found \(value)")
        }
        return seconds
    }

    /// A string the frontend copies only when it is truthy, as upstream does.
    private static func text(_ value: JSONValue?, field: String) throws(InvalidInput) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw InvalidInput(field: field, reason: "expected a string, found \(value)") }
        return text.isEmpty ? nil : text
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
