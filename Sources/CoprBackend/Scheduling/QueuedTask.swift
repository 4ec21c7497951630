import CoprCore

/// One task from the frontend's `pending-jobs` list, with only the fields the scheduler
/// needs (upstream HEAD's short `for_backend` records) and the derived values upstream's
/// `BuildQueueTask` computes from them.
///
/// Construction checks the record with the task contract (``TaskRecord``), as `BuildJob`
/// does the full record, so a task that is scheduled can also run; it also needs
/// `project_owner` and a `priority` within one band.
public struct QueuedTask: Sendable, Equatable {
    /// Upstream's `PRIORITY_SECTION_SIZE`: the width of one priority band.
    public static let prioritySectionSize = 1_000_000

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
            throw InvalidField(field: "record", reason: "expected a JSON object, found \(TaskRules.describe(record))")
        }
        let task = try TaskRecord(fields: fields)
        taskID = fields["task_id"]?.stringValue ?? task.task.description  // the record's own spelling, checked
        buildID = task.buildID
        owner = try task.required(task.projectOwner, "project_owner")
        chroot = task.chroot?.name
        sandbox = task.sandbox
        isBackground = task.background
        allowsUserSSH = task.allowUserSSH
        tags = task.tags
        recordPriority = try Self.priority(fields["priority"])
        isSourceBuild = task.task.isSourceBuild
        requestedArch = task.chroot.map { chroot in
            let arch = chroot.arch
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
        isSourceBuild ? TaskID.sourceBuildsChroot : chroot!  // the record check refuses RPM tasks without one
    }

    private static func priority(_ value: JSONValue?) throws -> Int {
        guard let value, !value.isNull else { return 0 }
        // Beyond one band the record's priority would reorder the bands themselves.
        guard let number = value.intValue, number > -prioritySectionSize, number < prioritySectionSize else {
            throw InvalidField(
                field: "priority", reason: "expected a whole number between -999999 and 999999, found \(TaskRules.describe(value))")
        }
        return number
    }
}
