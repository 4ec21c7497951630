/// The id of one task: `"<build_id>"` for the source build of a build,
/// `"<build_id>-<chroot>"` for the RPM build of one chroot. Upstream's frontend names
/// tasks so in its records, its URLs (`get-build-task/<id>`) and its cancel requests.
///
/// ```swift
/// let task = try TaskID("12-fedora-41-x86_64")   // .rpm(buildID: 12, chroot: "fedora-41-x86_64")
/// task.resultsChroot                              // "fedora-41-x86_64"
/// TaskID.source(buildID: 12).resultsChroot        // "srpm-builds"
/// ```
public enum TaskID: Sendable, Hashable, CustomStringConvertible {
    case source(buildID: Int)
    case rpm(buildID: Int, chroot: String)

    /// Where source builds go instead of a chroot: the directory of the results tree and
    /// the `--chroot` a worker and a builder are given for them.
    public static let sourceBuildsChroot = "srpm-builds"

    /// Parses a task id from a URL, a request body or a cancel request; the chroot must be
    /// a ``Chroot``.
    public init(_ text: String, field: String = "task_id") throws(InvalidField) {
        let digits = text.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let buildID = try TaskRules.buildID(String(decoding: digits, as: UTF8.self), field: field)
        let rest = text.utf8.dropFirst(digits.count)
        if rest.isEmpty {
            self = .source(buildID: buildID)
        } else if rest.first == UInt8(ascii: "-") {
            self = .rpm(buildID: buildID, chroot: try Chroot(String(decoding: rest.dropFirst(), as: UTF8.self), field: field).name)
        } else {
            throw InvalidField(field: field, reason: "expected <build_id> or <build_id>-<chroot>, found \(TaskRules.quoted(text))")
        }
    }

    /// The task that writes to `resultsChroot` (a chroot, or ``sourceBuildsChroot`` for the
    /// source build): what a worker is started for.
    public init(buildID: Int, resultsChroot: String) {
        self = resultsChroot == Self.sourceBuildsChroot ? .source(buildID: buildID) : .rpm(buildID: buildID, chroot: resultsChroot)
    }

    /// The build the task belongs to.
    public var buildID: Int {
        switch self {
        case .source(let buildID), .rpm(let buildID, _): buildID
        }
    }

    /// The chroot of an RPM task, nil for a source build.
    public var chroot: String? {
        switch self {
        case .source: nil
        case .rpm(_, let chroot): chroot
        }
    }

    /// Whether this is the source build of its build.
    public var isSourceBuild: Bool { chroot == nil }

    /// The chroot directory of the task's results: its chroot, ``sourceBuildsChroot`` for
    /// the source build.
    public var resultsChroot: String { chroot ?? Self.sourceBuildsChroot }

    /// The task id as upstream spells it.
    public var description: String {
        switch self {
        case .source(let buildID): String(buildID)
        case .rpm(let buildID, let chroot): "\(buildID)-\(chroot)"
        }
    }
}

extension TaskID: Codable {
    /// Decodes a task id as upstream spells it, checked like ``init(_:field:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the task id as upstream spells it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
