/// Reads a task record's fields in one pass over the record (the backend reads every
/// `pending-jobs` entry each cycle, so each key is looked at once instead of every field
/// looked up), keeping the refusal of the earliest field in ``TaskRecord``'s order, so
/// that a record with several bad fields is always refused for the same one. A
/// ``TaskRecord`` keeps what it read.
struct TaskRecordReader: Sendable, Equatable {
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
    private var refusal: Refusal?

    /// The refusal of the earliest refused field so far.
    private struct Refusal: Sendable, Equatable {
        var field: Field
        var error: InvalidField
    }

    /// The fields read here, by upstream's names, in the order their refusals take
    /// precedence.
    enum Field: String, CaseIterable {
        case taskID = "task_id", buildID = "build_id", chroot, projectOwner = "project_owner"
        case projectName = "project_name", projectDirname = "project_dirname", submitter, sandbox
        case background, allowUserSSH = "allow_user_ssh", tags, timeout
        case packageName = "package_name", packageVersion = "package_version"

        /// The field named `key`. A key is compared only with the names of its length:
        /// cheaper than hashing it, or than comparing it with every name.
        static func named(_ key: String) -> Field? {
            let field: Field? = switch key.utf8.count {
            case 4: .tags
            case 6: .chroot
            case 7: key.utf8.first == UInt8(ascii: "t") ? (key.utf8.last == UInt8(ascii: "d") ? .taskID : .timeout) : .sandbox
            case 8: .buildID
            case 9: .submitter
            case 10: .background
            case 12: key.utf8.first == UInt8(ascii: "p") && key.utf8.dropFirst().first == UInt8(ascii: "r") ? .projectName : .packageName
            case 13: .projectOwner
            case 14: .allowUserSSH
            case 15: key.utf8.first == UInt8(ascii: "p") && key.utf8.dropFirst().first == UInt8(ascii: "r") ? .projectDirname : .packageVersion
            default: nil
            }
            return field.flatMap { $0.rawValue == key ? $0 : nil }
        }

        /// Refusals of earlier fields take precedence.
        func precedes(_ other: Field) -> Bool {
            Self.allCases.firstIndex(of: self)! < Self.allCases.firstIndex(of: other)!
        }
    }

    /// Reads one field; unknown fields are left to the record's `fields`.
    mutating func read(_ key: String, _ value: JSONValue) {
        guard let field = Field.named(key) else { return }
        switch field {
        case .taskID: taskID = take(field) { () throws(InvalidField) in try Self.taskID(value) }
        case .buildID: buildID = take(field) { () throws(InvalidField) in try Self.buildID(value) }
        case .chroot: chroot = take(field) { () throws(InvalidField) in try Self.chroot(value) }
        case .projectOwner: projectOwner = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.owner) }
        case .projectName: projectName = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.projectName) }
        case .projectDirname:
            projectDirname = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.projectDirname) }
        case .submitter: submitter = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.user) }
        case .sandbox: sandbox = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.sandbox) }
        case .background: background = take(field) { () throws(InvalidField) in try Self.flag(value, key) } ?? false
        case .allowUserSSH: allowUserSSH = take(field) { () throws(InvalidField) in try Self.flag(value, key) } ?? false
        case .tags: tags = take(field) { () throws(InvalidField) in try Self.tags(value) } ?? []
        case .timeout: timeout = take(field) { () throws(InvalidField) in try Self.timeout(value) }
        case .packageName: packageName = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.packageName) }
        case .packageVersion:
            packageVersion = take(field) { () throws(InvalidField) in try Self.text(value, key, TaskRules.packageVersion) }
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
        guard Self.spells(taskID, buildID: buildID, chroot: expected.chroot) else {
            throw InvalidField(
                field: "task_id",
                reason: "expected \(TaskRules.quoted(expected.description)) for build \(buildID), found \(TaskRules.quoted(taskID))")
        }
        return expected
    }

    /// Whether `text` is the task id of `buildID` and `chroot` as upstream spells it,
    /// compared without building the spelling (every `pending-jobs` entry is compared each
    /// cycle).
    private static func spells(_ text: String, buildID: Int, chroot: String?) -> Bool {
        let digits = String(buildID)  // at most ten digits: a small string, kept inline
        return TaskRules.bytes(of: text) { text in
            TaskRules.bytes(of: digits) { digits in
                guard text.starts(with: digits) else { return false }
                let rest = UnsafeBufferPointer(rebasing: text[digits.count...])
                guard let chroot else { return rest.isEmpty }
                return rest.first == UInt8(ascii: "-")
                    && TaskRules.bytes(of: chroot) { UnsafeBufferPointer(rebasing: rest.dropFirst()).elementsEqual($0) }
            }
        }
    }

    /// What `body` reads, or nil with its refusal kept when it is the earliest so far.
    private mutating func take<Value>(_ field: Field, _ body: () throws(InvalidField) -> Value?) -> Value? {
        do {
            return try body()
        } catch {
            if refusal.map({ field.precedes($0.field) }) ?? true { refusal = Refusal(field: field, error: error) }
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
