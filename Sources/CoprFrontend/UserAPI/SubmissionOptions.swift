import CoprCore
import Hummingbird

/// The optional fields of a build submission, read from a JSON body or, for an upload
/// whose body is the file, from the query. Types are checked here; ``FrontendStore/submitBuild(_:)``
/// checks the values with the task contract's `TaskRules` (``BuildSubmission/checked()``).
struct SubmissionOptions {
    /// nil: the project's chroots.
    var chroots: [String]?
    var background = false
    var timeout = BuildSubmission.defaultTimeout
    /// nil: the user whose token sent the request.
    var submitter: String?
    /// nil: the project's setting.
    var enableNet: Bool?
    /// Copr's `after_build_id` or `with_build_id`: the batch the build goes into.
    var order: BuildOrder?

    /// The names of the options, as JSON fields and query parameters.
    static let names: Set<String> = ["chroots", "background", "timeout", "submitter", "enable_net", "after_build_id", "with_build_id"]

    init(_ fields: RequestFields) throws(InvalidField) {
        chroots = try fields.strings("chroots")
        background = try fields.bool("background") ?? background
        timeout = try fields.integer("timeout") ?? timeout
        submitter = try fields.string("submitter")
        enableNet = try fields.bool("enable_net")
        order = try BuildOrder.from(after: try fields.integer("after_build_id"), with: try fields.integer("with_build_id"))
    }

    /// From `chroots` (comma-separated), `background` and `enable_net` (`true` or `false`),
    /// `timeout`, `submitter`, `after_build_id` and `with_build_id`.
    init(query: Parameters) throws(InvalidField) {
        chroots = query.get("chroots").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        background = try Self.flag("background", query) ?? background
        enableNet = try Self.flag("enable_net", query)
        if let text = query.get("timeout") {
            guard let seconds = Int(text) else {
                throw InvalidField(field: "timeout", reason: "expected a whole number of seconds, found \(TaskRules.quoted(text))")
            }
            timeout = seconds
        }
        submitter = query.get("submitter")
        order = try BuildOrder.from(
            after: try query.get("after_build_id").map { text throws(InvalidField) in try TaskRules.buildID(text, field: "after_build_id") },
            with: try query.get("with_build_id").map { text throws(InvalidField) in try TaskRules.buildID(text, field: "with_build_id") })
    }

    /// A query parameter `true` or `false`; nil when absent.
    private static func flag(_ name: String, _ query: Parameters) throws(InvalidField) -> Bool? {
        guard let text = query.get(name) else { return nil }
        guard let flag = Bool(text) else { throw InvalidField(field: name, reason: "expected true or false, found \(TaskRules.quoted(text))") }
        return flag
    }

    /// The submitter these options claim, as `account` may claim it (itself, when no
    /// submitter is given); ``AccessRefused`` for another user's name unless a site admin.
    func submitter(by account: Account) throws(AccessRefused) -> String {
        try AccessRule.submitter(submitter, by: account).get()
    }

    /// The submission of `source` to project `owner`/`project` with these options, by
    /// `submitter` (from ``submitter(by:)``).
    func submission(owner: String, project: String, source: BuildSource, submitter: String) -> BuildSubmission {
        BuildSubmission(
            owner: owner, project: project, submitter: submitter, source: source,
            chroots: chroots, background: background, timeout: timeout, enableNet: enableNet, order: order)
    }
}
