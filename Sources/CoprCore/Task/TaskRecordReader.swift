/// Reads a task record's fields in one pass over the record (the backend reads every
/// `pending-jobs` entry each cycle, so each key is looked at once, not every field looked
/// up), keeping the refusal of the earliest field in ``TaskRecord``'s order so that a record
/// with several bad fields is always refused for the same one.
struct TaskRecordReader {
    private(set) var taskID: String?
    private(set) var buildID: Int?
    private(set) var chroot: Chroot?
    private(set) var projectOwner: String?
    private(set) var projectName: String?
    private(set) var projectDirname: String?
    private(set) var submitter: String?
    private(set) var sandbox: String?
    private(set) var background = false
    private(set) var allowUserSSH = false
    private(set) var tags: [String] = []
    private(set) var timeout: Int?
    private(set) var packageName: String?
    private(set) var packageVersion: String?
    private var refusal: (rank: Int, error: InvalidField)?

    /// Reads one field; unknown fields are left to the record's `fields`.
    mutating func read(_ key: String, _ value: JSONValue) {
        switch key {
        case "task_id": taskID = take(0) { () throws(InvalidField) in try Self.taskID(value) }
        case "build_id": buildID = take(1) { () throws(InvalidField) in try Self.buildID(value) }
        case "chroot": chroot = take(2) { () throws(InvalidField) in try Self.chroot(value) }
        case "project_owner":
            projectOwner = take(3) { () throws(InvalidField) in try Self.text(value, key, TaskRules.owner) }
        case "project_name":
            projectName = take(4) { () throws(InvalidField) in try Self.text(value, key, TaskRules.projectName) }
        case "project_dirname":
            projectDirname = take(5) { () throws(InvalidField) in try Self.text(value, key, TaskRules.projectDirname) }
        case "submitter": submitter = take(6) { () throws(InvalidField) in try Self.text(value, key, TaskRules.user) }
        case "sandbox": sandbox = take(7) { () throws(InvalidField) in try Self.text(value, key, TaskRules.sandbox) }
        case "background": background = take(8) { () throws(InvalidField) in try Self.flag(value, key) } ?? false
        case "allow_user_ssh": allowUserSSH = take(9) { () throws(InvalidField) in try Self.flag(value, key) } ?? false
        case "tags": tags = take(10) { () throws(InvalidField) in try Self.tags(value) } ?? []
        case "timeout": timeout = take(11) { () throws(InvalidField) in try Self.timeout(value) }
        case "package_name":
            packageName = take(12) { () throws(InvalidField) in try Self.text(value, key, TaskRules.packageName) }
        case "package_version":
            packageVersion = take(13) { () throws(InvalidField) in try Self.text(value, key, TaskRules.packageVersion) }
        default: break
        }
    }

    /// The record's task, or its refusal: the earliest refused field, a missing `task_id`
    /// or `build_id`, or a task id that is neither the build's source build nor
    /// `<build_id>-<chroot>`.
    func task() throws(InvalidField) -> TaskID {
        if let refusal { throw refusal.error }
        guard let taskID else { throw InvalidField(field: "task_id", reason: "expected a string, found nothing") }
        guard let buildID else {
            throw InvalidField(field: "build_id", reason: "expected a positive build number, found nothing")
        }
        let expected: TaskID
        if taskID.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            expected = .source(buildID: buildID)
        } else if let chroot {
            expected = .rpm(buildID: buildID, chroot: chroot.name)
        } else {
            throw InvalidField(field: "chroot", reason: "an RPM task needs one, found nothing")
        }
        guard taskID == expected.description else {
            throw InvalidField(
                field: "task_id",
                reason: "expected \(TaskRules.quoted(expected.description)) for build \(buildID), found \(TaskRules.quoted(taskID))")
        }
        return expected
    }

    /// What `body` reads, or nil with its refusal kept when it is the earliest so far.
    private mutating func take<Value>(_ rank: Int, _ body: () throws(InvalidField) -> Value?) -> Value? {
        do {
            return try body()
        } catch {
            if refusal.map({ rank < $0.rank }) ?? true { refusal = (rank, error) }
            return nil
        }
    }

    private static func taskID(_ value: JSONValue) throws(InvalidField) -> String {
        switch value {
        case .string(let text): try TaskRules.printable(text, field: "task_id", maximumLength: TaskRules.maximumDirnameLength)
        case .int(let number): String(number)
        default: throw InvalidField(field: "task_id", reason: "expected a string, found \(TaskRules.describe(value))")
        }
    }

    private static func buildID(_ value: JSONValue) throws(InvalidField) -> Int {
        guard let number = value.intValue else {
            throw InvalidField(field: "build_id", reason: "expected a positive build number, found \(TaskRules.describe(value))")
        }
        return try TaskRules.buildID(number)
    }

    /// A string field checked by `rule`; nil when null.
    private static func text(
        _ value: JSONValue, _ field: String, _ rule: (String, String) throws(InvalidField) -> String
    ) throws(InvalidField) -> String? {
        guard let text = try string(value, field) else { return nil }
        return try rule(text, field)
    }

    /// `chroot`: nil for a source build made outside any chroot.
    private static func chroot(_ value: JSONValue) throws(InvalidField) -> Chroot? {
        try string(value, "chroot").map { text throws(InvalidField) in try Chroot(text) }
    }

    /// A string field; nil when null or empty, as upstream reads fields by their truth.
    private static func string(_ value: JSONValue, _ field: String) throws(InvalidField) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text.isEmpty ? nil : text
        default: throw InvalidField(field: field, reason: "expected a string, found \(TaskRules.describe(value))")
        }
    }

    private static func flag(_ value: JSONValue, _ field: String) throws(InvalidField) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        default: throw InvalidField(field: field, reason: "expected true or false, found \(TaskRules.describe(value))")
        }
    }

    private static func tags(_ value: JSONValue) throws(InvalidField) -> [String] {
        if value.isNull { return [] }
        guard let items = value.arrayValue, items.count <= TaskRules.maximumTags else {
            let expected = "a list of at most \(TaskRules.maximumTags) strings"
            throw InvalidField(field: "tags", reason: "expected \(expected), found \(TaskRules.describe(value))")
        }
        return try items.map { item throws(InvalidField) in
            guard let text = item.stringValue else {
                throw InvalidField(field: "tags", reason: "expected strings, found \(TaskRules.describe(item))")
            }
            return try TaskRules.tag(text)
        }
    }

    private static func timeout(_ value: JSONValue) throws(InvalidField) -> Int? {
        if value.isNull { return nil }
        guard let seconds = value.intValue else {
            let expected = "seconds between 1 and \(TaskRules.maximumTimeout)"
            throw InvalidField(field: "timeout", reason: "expected \(expected), found \(TaskRules.describe(value))")
        }
        return try TaskRules.timeout(seconds)
    }
}
