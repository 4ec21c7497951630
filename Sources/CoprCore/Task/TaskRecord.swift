/// One task record as a frontend serves it: the short entry of `pending-jobs` or the full
/// record of `get-build-task` / `get-srpm-build-task`, with upstream's field names.
///
/// The fields more than one side reads are checked by ``TaskRules`` and kept typed:
///
/// | Field | Property | Rule |
/// |---|---|---|
/// | `task_id`, `build_id`, `chroot` | ``task``, ``chroot`` | ``TaskID``, ``Chroot``; the id must be the build's source build or `<build_id>-<chroot>` |
/// | `project_owner`, `project_name`, `project_dirname` | same names in camel case | ``TaskRules/owner(_:field:)``… |
/// | `submitter`, `sandbox` | ``submitter``, ``sandbox`` | ``TaskRules/user(_:field:)``, ``TaskRules/sandbox(_:field:)`` |
/// | `background`, `allow_user_ssh`, `tags` | ``background``, ``allowUserSSH``, ``tags`` | booleans; ``TaskRules/tag(_:field:)`` |
/// | `timeout`, `package_name`, `package_version` | ``timeout``, ``packageName``, ``packageVersion`` | ``TaskRules/timeout(_:field:)``… |
///
/// Every other field is kept as sent in ``fields``, unknown ones included: upstream's
/// backend copies every key of the record onto its job and echoes them all in its
/// reports, and ours does the same (``TaskReport/fields(echoing:)``). Only the fields one
/// side uses are read elsewhere (the agent's `source_json`, `repos`, `with_opts`…), and
/// those are checked by ``TaskRules`` too.
///
/// A field that is absent, `null` or an empty string is nil (false, empty), as upstream
/// reads fields by their truth; which fields must be given is up to the reader (the
/// backend needs `project_owner`, the agent does not).
public struct TaskRecord: Sendable, Equatable, Codable {
    /// Every field as sent.
    public let fields: [String: JSONValue]
    public let task: TaskID
    /// The checked values of the fields above, kept as they were read.
    private let read: TaskRecordReader

    /// The record's `chroot`; a source build has one when its SRPM is made in a chroot.
    public var chroot: Chroot? { read.chroot }
    public var projectOwner: String? { read.projectOwner }
    public var projectName: String? { read.projectName }
    public var projectDirname: String? { read.projectDirname }
    public var submitter: String? { read.submitter }
    public var sandbox: String? { read.sandbox }
    /// Background tasks wait behind all others.
    public var background: Bool { read.background }
    public var allowUserSSH: Bool { read.allowUserSSH }
    /// Resalloc tags asked for by the frontend.
    public var tags: [String] { read.tags }
    /// Seconds the build may take; nil leaves it to the backend's `[builder] timeout`.
    public var timeout: Int? { read.timeout }
    public var packageName: String? { read.packageName }
    public var packageVersion: String? { read.packageVersion }

    /// Reads and checks `fields`; throws for the first field a rule refuses, in the order
    /// of the table above, then for a task id that does not belong to the build.
    public init(fields: [String: JSONValue]) throws(InvalidField) {
        var reader = TaskRecordReader()
        for (key, value) in fields { reader.read(key, value) }
        task = try reader.task()
        self.fields = fields
        read = reader
    }

    /// Decodes a JSON object and checks it like ``init(fields:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(fields: try [String: JSONValue](from: decoder))
    }

    /// Encodes ``fields``, exactly as they came.
    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }

    /// The build the task belongs to (`build_id`).
    public var buildID: Int { task.buildID }

    /// `value`, or the refusal of a record without `field`.
    public func required<Value>(_ value: Value?, _ field: String) throws(InvalidField) -> Value {
        guard let value else { throw InvalidField(field: field, reason: "it is missing or empty") }
        return value
    }
}
