import CoprCore
import PropertyBased

/// Generated values for the task contract's agreement tests: plain names, and hostile
/// ones made of path separators, `..`, control characters, shell metacharacters, unicode
/// and huge lengths; chroots of every shape, `+` ones included; timeouts and build ids
/// around their limits.
enum TaskContractValues {
    /// Pieces names are made of; the hostile ones are as likely as the plain ones.
    static let pieces = [
        "a", "hello", "Z9", "0", "42", "-", "_", ".", "+", "~", "^", ":", "@", "x86_64", "fedora", "epel", "srpm-builds",
        "..", "/", "../", "./", " ", ";", "$(", ")", "`", "|", "&", "'", "\"", "*", "?", "<", ">", "\\", "=", "#",
        "\n", "\r\n", "\t", "\u{0}", "\u{1b}[31m", "\u{7f}", "é", "e\u{301}", "😀", "\u{202e}", "Ж", "ｆ",
    ]

    /// Names of one to twelve pieces, or a plain name of a length around the limits.
    /// Never empty: an empty string is how a record leaves a field out.
    static let names = Gen.oneOf(
        Gen.element(of: pieces).map { $0 ?? "" }.array(of: 1...12).map { $0.joined(separator: "") },
        Gen.letterOrNumber.string(of: 1...20),
        Gen.int(in: 90...210).map { String(repeating: "a", count: $0) },
    )

    /// `<distro>-<version>-<arch>` of real, `+` and hostile parts, or a name of pieces.
    static let chroots = Gen.oneOf(
        zip(
            Gen.element(of: ["fedora", "centos-stream+epel-next", "epel", "centos-stream", "x", "srpm-builds", "a+b", "", "..", "a/b", "é"]).map { $0 ?? "" },
            Gen.element(of: ["41", "9", "rawhide", "", "1.0", "9+", "-", "$(id)", "\n"]).map { $0 ?? "" },
            Gen.element(of: Array(Chroot.architectures) + ["x86-64", "noarch", "", "src", "X86_64", "x86_64\n", "x86_64/..", "ppc"]).map { $0 ?? "" }
        ).map { "\($0)-\($1)-\($2)" },
        Gen.element(of: pieces).map { $0 ?? "" }.array(of: 1...8).map { $0.joined(separator: "") },
    )

    /// Seconds near 0, near the maximum, at 30 days, and anywhere.
    static let timeouts = Gen.oneOf(
        Gen.int(in: -3...3),
        Gen.int(in: (TaskRules.maximumTimeout - 3)...(TaskRules.maximumTimeout + 3)),
        Gen.int(in: (30 * 86400 - 1)...(30 * 86400 + 1)),
        Gen.int(in: Int(Int32.min)...Int(Int32.max)),
    )

    /// Build ids near 0, near the upper limit, and anywhere.
    static let buildIDs = Gen.oneOf(
        Gen.int(in: -3...3),
        Gen.int(in: (TaskRules.buildIDLimit - 3)...(TaskRules.buildIDLimit + 3)),
        Gen.int(in: Int(Int32.min)...Int(Int32.max)),
    )

    /// The RPM task 12 of `@copr/tools` in `fedora-41-x86_64` with `changes`: the short
    /// `pending-jobs` entry, or the full record of `get-build-task`.
    static func record(_ changes: [String: JSONValue], full: Bool) -> [String: JSONValue] {
        var record: [String: JSONValue] = [
            "task_id": "12-fedora-41-x86_64", "build_id": 12, "project_owner": "@copr", "sandbox": "@copr/tools--jdoe",
            "background": false, "chroot": "fedora-41-x86_64", "tags": [], "allow_user_ssh": false,
        ]
        if full {
            record.merge([
                "project_name": "tools", "project_dirname": "tools", "submitter": "jdoe", "package_name": "hello",
                "package_version": "1.0-1", "timeout": 3600, "srpm_url": "https://be/results/x.src.rpm", "repos": [],
            ]) { $1 }
        }
        record.merge(changes) { $1 }
        return record
    }
}
