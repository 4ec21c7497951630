import CoprCore

/// Checks every field of a task before anything uses it, so that hostile values (shell
/// metacharacters, path separators, option-like values, absurd numbers) are refused with a
/// clear message instead of reaching a file name, a command line or a config file.
///
/// The fields the frontend and the backend check too are checked by the same task
/// contract (`TaskRecord`), so the agent never refuses what they accepted; the fields only
/// the agent reads (`with_opts`, `buildroot_pkgs`, `repos`, `isolation`, `bootstrap`,
/// `bootstrap_image`, the git revision and paths of `source_json`, a PyPI source) by the contract's
/// ``TaskRules`` for them.
public enum TaskValidator {
    /// Validates a task for the given kind of build; throws ``CoprRPMBuildError/refusedTask(_:)``.
    public static func validate(_ task: BuildTask, sourceBuild: Bool) throws {
        try checked { () throws(InvalidField) in
            let record = try TaskRecord(fields: task.fields)
            if !sourceBuild, record.chroot == nil {
                throw InvalidField(field: "chroot", reason: "an RPM task needs one, found nothing")
            }
            for option in task.withOpts + task.withoutOpts {
                try TaskRules.token(option, field: "with_opts/without_opts")
            }
            for package in task.buildrootPkgs {
                try TaskRules.buildrootPackage(package)
            }
            for repo in task.repos {
                for (key, value) in repo { try TaskRules.repositoryValue(value, field: "repos \(key)") }
            }
            if let isolation = task.isolation { try TaskRules.choice(isolation, TaskRules.isolations, field: "isolation") }
            if let bootstrap = task.bootstrap { try TaskRules.choice(bootstrap, TaskRules.bootstraps, field: "bootstrap") }
            if let image = task.bootstrapImage { try TaskRules.containerImage(image) }
            if let hash = task.gitHash { try TaskRules.committish(hash, field: "git_hash") }
            if let committish = task.source?.committish { try TaskRules.committish(committish) }
            if let subdirectory = task.source?.subdirectory { try TaskRules.relativePath(subdirectory) }
            if let spec = task.source?.spec { try TaskRules.relativePath(spec, field: "spec") }
            if task.sourceType == SourceType.pypi.rawValue, let pypi = task.source?.pypi { _ = try pypi.get().checked() }
        }
    }

    /// A package name as rpm tells it from an SRPM: the rule of `package_name`.
    public static func validatePackageName(_ name: String) throws {
        try checked { () throws(InvalidField) in try TaskRules.packageName(name) }
    }

    /// What `body` returns, or its refusal as ``CoprRPMBuildError/refusedTask(_:)``.
    @discardableResult
    static func checked<Value>(_ body: () throws(InvalidField) -> Value) throws(CoprRPMBuildError) -> Value {
        do {
            return try body()
        } catch {
            throw .refusedTask("\(error)")
        }
    }
}
