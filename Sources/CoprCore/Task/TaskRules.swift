/// What a task may carry, for the embedded frontend that takes it from a user, the backend
/// that schedules and builds it, and the builder agent that runs it: one rule per field,
/// each refusal an ``InvalidField`` that names the field and says what is wrong.
///
/// Every value is hostile until a rule accepted it: names become path components of the
/// results tree and arguments of builder commands, so they hold ASCII letters, digits and
/// a few separators only, never `..`, never a leading dash or dot. Because the three sides
/// apply the same rules, a task one side accepts is never refused by the next.
///
/// ```swift
/// let owner = try TaskRules.owner("@copr")                      // "@copr"
/// let chroot = try Chroot("centos-stream+epel-next-9-x86_64")   // arch "x86_64"
/// try TaskRules.timeout(30 * 86400)                             // throws: above the maximum
/// ```
public enum TaskRules {
    /// The longest name: owners, users, projects, packages and their versions, tags.
    public static let maximumNameLength = 100
    /// The longest `project_dirname` (`project:custom:…`) and result directory name.
    public static let maximumDirnameLength = 200
    /// The longest `sandbox` (`<owner>/<project>--<submitter>`).
    public static let maximumSandboxLength = 300
    /// The most chroots one project or submission names.
    public static let maximumChroots = 100
    /// The most tags one record carries; the frontend sends a handful.
    public static let maximumTags = 100
    /// The longest build a task may ask for, in seconds: 7 days. Upstream's frontend caps
    /// timeouts far below this; it is the one limit the frontend, the backend and the
    /// agent all enforce.
    public static let maximumTimeout = 7 * 86400
    /// Build ids are positive and below this.
    public static let buildIDLimit = 10_000_000_000

    private static let noExtra = ASCIISet("")
    private static let plusSign = ASCIISet("+")
    private static let versionCharacters = ASCIISet("+~^:")
    private static let resultDirCharacters = ASCIISet("+~^")
    private static let dirnameCharacters = ASCIISet("+:")
    private static let tagCharacters = ASCIISet(":")

    /// A user or a group (`@name`) owning projects (`project_owner`).
    @discardableResult
    public static func owner(_ value: String, field: String = "project_owner") throws(InvalidField) -> String {
        let body = value.utf8.first == UInt8(ascii: "@") ? String(decoding: value.utf8.dropFirst(), as: UTF8.self) : value
        try name(body, field: field, extra: noExtra, maximumLength: maximumNameLength)
        return value
    }

    /// A user name (`submitter`).
    @discardableResult
    public static func user(_ value: String, field: String = "submitter") throws(InvalidField) -> String {
        try name(value, field: field, extra: noExtra, maximumLength: maximumNameLength)
    }

    /// A project name (`project_name`): letters, digits and `-_.+`.
    @discardableResult
    public static func projectName(_ value: String, field: String = "project_name") throws(InvalidField) -> String {
        try name(value, field: field, extra: plusSign, maximumLength: maximumNameLength)
    }

    /// The directory of a project's results (`project_dirname`): the project name, or
    /// upstream's `project:custom:…` for a project's side directories.
    @discardableResult
    public static func projectDirname(_ value: String, field: String = "project_dirname") throws(InvalidField) -> String {
        try name(value, field: field, extra: dirnameCharacters, maximumLength: maximumDirnameLength)
    }

    /// A package name as an SRPM tells it (`package_name`, `pkg_name`).
    @discardableResult
    public static func packageName(_ value: String, field: String = "package_name") throws(InvalidField) -> String {
        try name(value, field: field, extra: plusSign, maximumLength: maximumNameLength)
    }

    /// A package version `[epoch:]version[-release]` (`package_version`, `pkg_version`).
    @discardableResult
    public static func packageVersion(_ value: String, field: String = "package_version") throws(InvalidField) -> String {
        try name(value, field: field, extra: versionCharacters, maximumLength: maximumNameLength)
    }

    /// A result directory name (`00000012-hello`, `result_dir`): one path component.
    @discardableResult
    public static func resultDir(_ value: String, field: String = "result_dir") throws(InvalidField) -> String {
        try name(value, field: field, extra: resultDirCharacters, maximumLength: maximumDirnameLength)
    }

    /// A resalloc tag (`tags`): letters, digits, `-_.:`.
    @discardableResult
    public static func tag(_ value: String, field: String = "tags") throws(InvalidField) -> String {
        try name(value, field: field, extra: tagCharacters, maximumLength: maximumNameLength)
    }

    /// The builder sandbox (`sandbox`): free text without control characters.
    @discardableResult
    public static func sandbox(_ value: String, field: String = "sandbox") throws(InvalidField) -> String {
        try printable(value, field: field, maximumLength: maximumSandboxLength)
    }

    /// A build id: positive and below ``buildIDLimit``.
    @discardableResult
    public static func buildID(_ value: Int, field: String = "build_id") throws(InvalidField) -> Int {
        guard value > 0, value < buildIDLimit else {
            throw InvalidField(field: field, reason: "expected a positive build number, found \(value)")
        }
        return value
    }

    /// A build id as text (a URL component): decimal digits only.
    public static func buildID(_ text: String, field: String = "build_id") throws(InvalidField) -> Int {
        guard text.utf8.count < 12, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(text), number > 0, number < buildIDLimit
        else {
            throw InvalidField(field: field, reason: "expected a positive build number, found \(quoted(text))")
        }
        return number
    }

    /// A build timeout in seconds: between one second and ``maximumTimeout``.
    @discardableResult
    public static func timeout(_ value: Int, field: String = "timeout") throws(InvalidField) -> Int {
        guard (1...maximumTimeout).contains(value) else {
            throw InvalidField(field: field, reason: "expected seconds between 1 and \(maximumTimeout), found \(value)")
        }
        return value
    }

    /// The chroots of a project or a submission: at least one, at most ``maximumChroots``,
    /// each a ``Chroot``, none twice.
    @discardableResult
    public static func chroots(_ values: [String], field: String = "chroots") throws(InvalidField) -> [String] {
        guard !values.isEmpty else { throw InvalidField(field: field, reason: "at least one chroot is needed") }
        guard values.count <= maximumChroots else {
            throw InvalidField(field: field, reason: "\(values.count) chroots given, at most \(maximumChroots) are accepted")
        }
        var seen = Set<String>()
        for value in values {
            _ = try Chroot(value, field: field)
            guard seen.insert(value).inserted else {
                throw InvalidField(field: field, reason: "\(quoted(value)) is given twice")
            }
        }
        return values
    }

    /// A chroot, or `srpm-builds` for the source build: the results directory a task
    /// writes to and the `--chroot` of a builder command.
    @discardableResult
    public static func resultsChroot(_ value: String, field: String = "chroot") throws(InvalidField) -> String {
        guard value != TaskID.sourceBuildsChroot else { return value }
        return try Chroot(value, field: field).name
    }
}
