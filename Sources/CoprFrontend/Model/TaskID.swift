/// The id of one backend task (reference §1, "task_id"): `"<build_id>"` for the source
/// build of a build, `"<build_id>-<chroot>"` for the RPM build of one chroot.
public enum TaskID: Sendable, Hashable, CustomStringConvertible {
    case source(buildID: Int)
    case rpm(buildID: Int, chroot: String)

    /// Parses a task id from a URL or a request body; throws ``InvalidInput`` for anything
    /// else (a chroot that is not `<distro>-<version>-<arch>`, a number out of range).
    public init(_ text: String, field: String = "task_id") throws(InvalidInput) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let buildID = try InputRules.buildID(String(digits), field: field)
        let rest = text.dropFirst(digits.count)
        if rest.isEmpty {
            self = .source(buildID: buildID)
        } else if rest.first == "-" {
            self = .rpm(buildID: buildID, chroot: try InputRules.chroot(String(rest.dropFirst()), field: field))
        } else {
            throw InvalidInput(field: field, reason: "expected <build_id> or <build_id>-<chroot>, found \(InputRules.quoted(text))")
        }
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

    /// The task id as the API spells it.
    public var description: String {
        switch self {
        case .source(let buildID): String(buildID)
        case .rpm(let buildID, let chroot): "\(buildID)-\(chroot)"
        }
    }
}
