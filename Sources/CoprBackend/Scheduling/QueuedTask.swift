import CoprCore

/// One task from the frontend's `pending-jobs` list, with only the fields the scheduler
/// needs (reference §2.4, HEAD `for_backend` records) and the derived values upstream's
/// `BuildQueueTask` computes from them.
///
/// Construction rejects records the daemon must not act on (missing or mistyped fields,
/// a `task_id` that does not belong to `build_id`, absurd lengths, control characters),
/// using the same field rules as `BuildJob`, so a task that is scheduled can also run.
public struct QueuedTask: Sendable, Equatable {
    /// Upstream's `PRIORITY_SECTION_SIZE`: the width of one priority band.
    public static let prioritySectionSize = 1_000_000
    /// The most tags one record may carry; the frontend sends a handful.
    static let maximumTagCount = 100
    /// What a tag may contain besides letters, digits and `-_.` (as in `BuildJob`).
    private static let tagCharacters: Set<Character> = [":"]

    public let taskID: String
    public let buildID: Int
    public let owner: String
    public let sandbox: String?
    public let isBackground: Bool
    /// The chroot the frontend sent; nil for plain SRPM tasks.
    public let chroot: String?
    public let tags: [String]
    public let allowsUserSSH: Bool
    /// The record's own `priority` (default 0); the frontend does not send it today.
    public let recordPriority: Int
    /// HEAD rule: a task whose `task_id` parses as an integer is an SRPM task.
    public let isSourceBuild: Bool
    /// The native builder architecture: the chroot's last component, `x86_64` for any
    /// `…86` arch (emulated there); nil for SRPM tasks without a chroot.
    public let requestedArch: String?
    /// The record as the frontend sent it, kept so that the journal can hand a running
    /// task back to the scheduler after a restart.
    public let record: JSONValue

    public init(record: JSONValue) throws {
        self.record = record
        guard let fields = record.objectValue else {
            throw HostileTaskField(field: "record", reason: "expected a JSON object, found \(Self.describe(record))")
        }
        taskID = try TaskFieldRules.fastPrintable(try Self.taskID(fields["task_id"]), field: "task_id", maximumLength: 200)
        guard let buildID = fields["build_id"]?.intValue, buildID > 0, buildID < 10_000_000_000 else {
            throw HostileTaskField(
                field: "build_id", reason: "expected a positive build number, found \(Self.describe(fields["build_id"]))")
        }
        self.buildID = buildID
        guard let owner = fields["project_owner"]?.stringValue else {
            throw HostileTaskField(field: "project_owner", reason: "expected a string, found \(Self.describe(fields["project_owner"]))")
        }
        self.owner = try TaskFieldRules.fastPathComponent(owner, field: "project_owner", allowLeadingAt: true)
        chroot = try Self.optionalString(fields, "chroot").flatMap { try $0.isEmpty ? nil : TaskFieldRules.fastChroot($0) }
        sandbox = try Self.optionalString(fields, "sandbox").map {
            try TaskFieldRules.fastPrintable($0, field: "sandbox", maximumLength: 300)
        }
        isBackground = try Self.flag(fields, "background")
        allowsUserSSH = try Self.flag(fields, "allow_user_ssh")
        tags = try Self.tags(fields["tags"])
        recordPriority = try Self.priority(fields["priority"])

        isSourceBuild = Int(taskID) != nil
        let expectedTaskID: String
        if isSourceBuild {
            expectedTaskID = String(buildID)
        } else if let chroot {
            expectedTaskID = "\(buildID)-\(chroot)"
        } else {
            throw HostileTaskField(field: "chroot", reason: "an RPM task needs one, found nothing")
        }
        guard taskID == expectedTaskID else {
            throw HostileTaskField(
                field: "task_id",
                reason: "expected \(TaskFieldRules.quoted(expectedTaskID)) for build \(buildID), found \(TaskFieldRules.quoted(taskID))")
        }
        requestedArch = chroot.map { chroot in
            let dash = chroot.utf8.lastIndex(of: UInt8(ascii: "-"))!  // a valid chroot has two
            let arch = String(chroot[chroot.index(after: dash)...])
            return arch.hasSuffix("86") ? "x86_64" : arch
        }
    }

    /// Upstream's `frontend_priority`: +2,000,000 for background, +1,000,000 for RPM
    /// tasks. By the numbers the bands run SRPM, RPM, background SRPM, background RPM
    /// (upstream's docstring lists them in another order; its code, matched here, decides).
    public var frontendPriority: Int {
        recordPriority + (isBackground ? 2 * Self.prioritySectionSize : 0) + (isSourceBuild ? 0 : Self.prioritySectionSize)
    }

    /// The `--chroot` a worker gets: `srpm-builds` for every SRPM task, even a "custom"
    /// one that carries a chroot (the HEAD fix).
    public var workerChroot: String {
        isSourceBuild ? BuildJob.sourceBuildsChroot : chroot!  // init refuses RPM tasks without one
    }

    private static func taskID(_ value: JSONValue?) throws -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        default: throw HostileTaskField(field: "task_id", reason: "expected a string, found \(describe(value))")
        }
    }

    private static func optionalString(_ fields: [String: JSONValue], _ field: String) throws -> String? {
        switch fields[field] {
        case nil, .null: nil
        case .string(let text): text
        case let other: throw HostileTaskField(field: field, reason: "expected a string, found \(describe(other))")
        }
    }

    private static func flag(_ fields: [String: JSONValue], _ field: String) throws -> Bool {
        switch fields[field] {
        case nil, .null: false
        case .bool(let value): value
        case let other: throw HostileTaskField(field: field, reason: "expected true or false, found \(describe(other))")
        }
    }

    private static func tags(_ value: JSONValue?) throws -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= maximumTagCount else {
            throw HostileTaskField(field: "tags", reason: "expected a list of at most \(maximumTagCount) strings, found \(describe(value))")
        }
        return try items.map { item in
            guard let text = item.stringValue else {
                throw HostileTaskField(field: "tags", reason: "expected strings, found \(describe(item))")
            }
            return try TaskFieldRules.fastPathComponent(text, field: "tags", extra: tagCharacters)
        }
    }

    private static func priority(_ value: JSONValue?) throws -> Int {
        guard let value, !value.isNull else { return 0 }
        // Beyond one band the record's priority would reorder the bands themselves.
        guard let number = value.intValue, number > -prioritySectionSize, number < prioritySectionSize else {
            throw HostileTaskField(
                field: "priority", reason: "expected a whole number between -999999 and 999999, found \(describe(value))")
        }
        return number
    }

    private static func describe(_ value: JSONValue?) -> String {
        switch value {
        case nil: "nothing"
        case .null: "null"
        case .string(let text): TaskFieldRules.quoted(text)
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .array: "a list"
        case .object: "an object"
        }
    }
}
