/// Checks every field of a task before anything uses it, so that hostile values (shell
/// metacharacters, path separators, option-like values, absurd numbers) are refused with a
/// clear message instead of reaching a file name, a command line or a config file.
public enum TaskValidator {
    /// The largest accepted `timeout` (7 days); upstream's frontend caps far below this.
    public static let maximumTimeout = 7 * 24 * 3600

    /// Validates a task for the given kind of build; throws ``CoprRPMBuildError/refusedTask(_:)``.
    public static func validate(_ task: BuildTask, sourceBuild: Bool) throws {
        guard task.buildID >= 0 else { throw refuse("build_id \(task.buildID) is negative") }
        try checkToken(task.taskID, field: "task_id")
        if let chroot = task.chroot { try validateChroot(chroot) }
        if !sourceBuild {
            guard let chroot = task.chroot, Chroot(chroot) != nil else {
                throw refuse("an RPM task needs a chroot of the form <distro>-<version>-<arch>, got '\(task.chroot ?? "")'")
            }
        }
        if let name = task.packageName { try validatePackageName(name) }
        if let timeout = task.timeout, timeout <= 0 || timeout > maximumTimeout {
            throw refuse("timeout \(timeout) s is outside 1…\(maximumTimeout) s")
        }
        for option in task.withOpts + task.withoutOpts {
            try checkToken(option, field: "with_opts/without_opts")
        }
        for package in task.buildrootPkgs {
            guard package.count <= 200, !package.hasPrefix("-"),
                  package.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+-:/()".contains($0)) }) else {
                throw refuse("buildroot package '\(printable(package))' contains characters not allowed in a package name")
            }
        }
        for repo in task.repos {
            for (key, value) in repo where value.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) {
                throw refuse("repository field '\(key)' contains control characters")
            }
        }
        if let hash = task.gitHash { try checkRevision(hash, field: "git_hash") }
        if let committish = task.source?.committish, !committish.isEmpty {
            try checkRevision(committish, field: "committish")
        }
        if let subdirectory = task.source?.subdirectory { try checkRelativePath(subdirectory, field: "subdirectory") }
        if let spec = task.source?.spec { try checkRelativePath(spec, field: "spec") }
    }

    /// A chroot name: no `/`, only the characters of mock chroot names.
    public static func validateChroot(_ chroot: String) throws {
        guard !chroot.contains("/") else {
            throw refuse("chroot '\(printable(chroot))' contains '/'")
        }
        try checkToken(chroot, field: "chroot")
    }

    /// A package name as rpm allows it, at most 100 characters (upstream's limit).
    public static func validatePackageName(_ name: String) throws {
        guard name.count <= 100 else { throw refuse("package name is longer than 100 characters") }
        guard !name.isEmpty, !name.hasPrefix("-"),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+-".contains($0)) }) else {
            throw refuse("package name '\(printable(name))' contains characters other than letters, digits and ._+-")
        }
    }

    static func checkToken(_ value: String, field: String) throws {
        guard !value.isEmpty, value.count <= 200, !value.hasPrefix("-"), value != ".", value != "..",
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+-".contains($0)) }) else {
            throw refuse("\(field) '\(printable(value))' may only contain letters, digits and ._+- and must not start with '-'")
        }
    }

    static func checkRevision(_ value: String, field: String) throws {
        guard value.count <= 200, !value.hasPrefix("-"), !value.contains(".."),
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+-/".contains($0)) }) else {
            throw refuse("\(field) '\(printable(value))' is not a valid git revision")
        }
    }

    /// A path inside the checkout: relative, without `..`, without control characters.
    static func checkRelativePath(_ value: String, field: String) throws {
        let components = value.split(separator: "/")
        guard !value.hasPrefix("/"), !components.contains(".."), value.count <= 1000,
              !value.contains(where: { $0.asciiValue.map { $0 < 32 } == true }) else {
            throw refuse("\(field) '\(printable(value))' must be a relative path inside the repository")
        }
    }

    static func refuse(_ why: String) -> CoprRPMBuildError { .refusedTask(why) }

    /// The value with control characters escaped and cut to a readable length, for messages.
    static func printable(_ value: String) -> String {
        let escaped = value.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "\\x" + String($0.value, radix: 16) : String($0) }.joined()
        return escaped.count > 120 ? String(escaped.prefix(120)) + "…" : escaped
    }
}
