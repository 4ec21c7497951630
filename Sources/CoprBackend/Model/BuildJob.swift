import CoprCore
import Foundation

/// One build task (an RPM build of one chroot, or the SRPM build of a build) with every
/// field and derived path of upstream's `BuildJob` (reference §3).
///
/// Construction validates every field that becomes a path, a command argument or a
/// resalloc tag (`HostileTaskField`); the record itself is kept and echoed back in
/// `updateDictionary`, as upstream's `to_dict()` does.
public struct BuildJob: Sendable {
    /// Every key the frontend sent.
    public let record: [String: JSONValue]
    public let taskID: String
    public let buildID: Int
    public let projectOwner: String
    public let projectName: String?
    public let projectDirname: String
    public let submitter: String?
    /// The chroot name, `srpm-builds` for source builds.
    public let chroot: String
    /// The chroot's architecture (`x86_64`), nil for plain SRPM tasks.
    public let arch: String?
    public let isSourceBuild: Bool
    public let packageName: String?
    public let packageVersion: String?
    /// Seconds the builder may spend; the task's own value or `[builder] timeout`.
    public let timeout: Int
    public let sandbox: String?
    /// Resalloc tags: `arch_<arch>` (or `arch_noarch`) followed by the task's tags.
    public let tags: [String]
    public let usesDevelRepo: Bool
    public let appstream: Bool
    /// `<destdir>/<owner>/<dirname>`: the project directory.
    public let destdir: String
    public let resultsRepoURL: String
    public let frontendBaseURL: String

    public var status: BuildStatus = .pending
    public var startedOn: Double?
    public var endedOn: Double?
    public var builtPackages = ""
    public var srpmURL: String?
    public var pkgName: String?
    public var pkgVersion: String?
    public var results: JSONValue?

    public static let sourceBuildsChroot = "srpm-builds"

    /// Builds the job from a frontend record, refusing hostile values.
    public init(record: [String: JSONValue], destdir: String, resultsBaseURL: String, frontendBaseURL: String, defaultTimeout: Int) throws {
        self.record = record
        guard let buildID = record["build_id"]?.intValue, buildID > 0, buildID < 10_000_000_000 else {
            throw HostileTaskField(field: "build_id", reason: "expected a positive build number, found \(record["build_id"].map { "\($0)" } ?? "nothing")")
        }
        self.buildID = buildID
        let taskID = record["task_id"]?.stringValue ?? record["task_id"]?.intValue.map(String.init) ?? ""
        self.taskID = taskID
        isSourceBuild = taskID == String(buildID)

        projectOwner = try TaskFieldRules.pathComponent(
            record["project_owner"]?.stringValue ?? "", field: "project_owner", allowLeadingAt: true)
        projectDirname = try TaskFieldRules.pathComponent(
            record["project_dirname"]?.stringValue ?? "", field: "project_dirname", extra: ["+", ":"], maximumLength: 200)
        projectName = try record["project_name"]?.stringValue.map {
            try TaskFieldRules.pathComponent($0, field: "project_name", extra: ["+"], maximumLength: 200)
        }
        submitter = try record["submitter"]?.stringValue.map { try TaskFieldRules.printable($0, field: "submitter") }
        sandbox = try record["sandbox"]?.stringValue.map { try TaskFieldRules.printable($0, field: "sandbox", maximumLength: 300) }
        packageName = try record["package_name"]?.stringValue.map {
            try TaskFieldRules.pathComponent($0, field: "package_name", extra: ["+"])
        }
        packageVersion = try record["package_version"]?.stringValue.map {
            try TaskFieldRules.pathComponent($0, field: "package_version", extra: ["+", "~", "^", ":"])
        }

        let frontendChroot = try record["chroot"]?.stringValue.map(TaskFieldRules.chroot)
        if isSourceBuild {
            chroot = Self.sourceBuildsChroot
        } else {
            guard let frontendChroot else {
                throw HostileTaskField(field: "chroot", reason: "Frontend job doesn't provide chroot")
            }
            guard taskID == "\(buildID)-\(frontendChroot)" else {
                throw HostileTaskField(field: "task_id", reason: "expected '\(buildID)-\(frontendChroot)', found \(TaskFieldRules.quoted(taskID))")
            }
            chroot = frontendChroot
        }
        arch = frontendChroot.map { String($0.split(separator: "-").last!) }

        if let value = record["timeout"], !value.isNull {
            guard let seconds = value.intValue, seconds > 0, seconds <= 30 * 86400 else {
                throw HostileTaskField(field: "timeout", reason: "expected seconds between 1 and 2592000, found \(value)")
            }
            timeout = seconds
        } else {
            timeout = defaultTimeout
        }
        let frontendTags = try (record["tags"]?.arrayValue ?? []).map { tag -> String in
            guard let text = tag.stringValue else { throw HostileTaskField(field: "tags", reason: "expected strings, found \(tag)") }
            return try TaskFieldRules.pathComponent(text, field: "tags", extra: [":"])
        }
        tags = ["arch_\(arch ?? "noarch")"] + frontendTags
        usesDevelRepo = record["uses_devel_repo"]?.boolValue ?? false
        appstream = record["appstream"]?.boolValue ?? true

        self.destdir = (destdir as NSString).appendingPathComponent("\(projectOwner)/\(projectDirname)")
        resultsRepoURL = "\(resultsBaseURL)/\(projectOwner)/\(projectDirname)"
        self.frontendBaseURL = frontendBaseURL
    }

    /// `%08d` of the build id plus `-<package_name>` for RPM tasks (`00001234-hello`).
    public var targetDirName: String {
        let number = String(format: "%08d", buildID)
        guard !isSourceBuild, let packageName else { return number }
        return "\(number)-\(packageName)"
    }

    public var chrootDir: String { (destdir as NSString).appendingPathComponent(chroot) }
    public var resultsDir: String { (chrootDir as NSString).appendingPathComponent(targetDirName) }
    public var resultsDirURL: String { "\(resultsRepoURL)/\(chroot)/\(targetDirName)" }
    public var backendLogPath: String { (resultsDir as NSString).appendingPathComponent("backend.log") }
    public var builderLogPath: String { (resultsDir as NSString).appendingPathComponent("builder-live.log") }
    public var rsyncLogName: String { String(format: "build-%08d.rsync.log", buildID) }

    /// The URL the builder fetches the task from (`--task-url`).
    public var taskURL: String {
        let base = URL(string: frontendBaseURL).flatMap { url -> String? in
            guard let scheme = url.scheme, let host = url.host else { return nil }
            return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        } ?? frontendBaseURL
        let endpoint = isSourceBuild ? "get-srpm-build-task" : "get-build-task"
        return "\(base)/backend/\(endpoint)/\(taskID)"
    }

    /// How long the last attempt took, from `started_on` to `ended_on`.
    public var tookSeconds: Double? {
        guard let startedOn, let endedOn else { return nil }
        return endedOn - startedOn
    }

    /// The dictionary posted to `starting_build` and `update` (upstream's `to_dict()`):
    /// every frontend key plus the worker's own attributes.
    public var updateDictionary: [String: JSONValue] {
        var dict = record
        dict["id"] = .int(buildID)
        dict["build_id"] = .int(buildID)
        dict["task_id"] = .string(taskID)
        dict["chroot"] = .string(chroot)
        dict["arch"] = arch.json
        dict["timeout"] = .int(timeout)
        dict["status"] = .int(status.rawValue)
        dict["started_on"] = startedOn.map(JSONValue.double) ?? .null
        dict["ended_on"] = endedOn.map(JSONValue.double) ?? .null
        dict["destdir"] = .string(destdir)
        dict["results_repo_url"] = .string(resultsRepoURL)
        dict["result_dir"] = .string(targetDirName)
        dict["built_packages"] = .string(builtPackages)
        dict["tags"] = .array(tags.map(JSONValue.string))
        dict["frontend_base_url"] = .string(frontendBaseURL)
        dict["enable_net"] = record["enable_net"] ?? .bool(true)
        dict["memory_reqs"] = record["memory_reqs"] ?? .null
        if let srpmURL { dict["srpm_url"] = .string(srpmURL) }
        if let pkgName { dict["pkg_name"] = .string(pkgName) }
        if let pkgVersion { dict["pkg_version"] = .string(pkgVersion) }
        if let results { dict["results"] = results }
        let owner = projectOwner, project = projectName ?? projectDirname
        dict["mockchain_macros"] = [
            "copr_username": .string(owner),
            "copr_projectname": .string(project),
            "vendor": .string("Fedora Project COPR (\(owner)/\(project))"),
        ]
        return dict
    }
}

extension Optional where Wrapped == String {
    /// The string as JSON, `null` when absent.
    fileprivate var json: JSONValue { map(JSONValue.string) ?? .null }
}
