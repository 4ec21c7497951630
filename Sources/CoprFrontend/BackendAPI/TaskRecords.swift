import CoprCore
import Foundation

/// The task records of the Copr backend API at upstream HEAD: the short form of
/// `pending-jobs` and the full records of `get-build-task` and `get-srpm-build-task`
/// that the backend's worker and the builder (`copr-rpmbuild`) read.
///
/// Without dist-git, an RPM task's record carries `srpm_url` (the SRPM its source build
/// produced) and a null `git_repo`, so the builder downloads the SRPM instead of cloning.
/// An RPM task carries its project's and chroot's settings under upstream's names:
/// `repos` (``BuildRepositories``), `buildroot_pkgs`, `with_opts`, `without_opts`,
/// `enable_net` (the build's own, else the project's), `isolation`, `bootstrap` and
/// `bootstrap_image`.
enum TaskRecords {
    /// Upstream's `BuildSourceEnum` values of the sources the embedded frontend knows.
    private enum SourceType: Int {
        case link = 1
        case upload = 2
        case pypi = 5
        case scm = 8
    }

    /// MiB a builder should have for one build: upstream's default, the frontend offers
    /// no other yet.
    private static let memoryRequirement = 2048

    /// The `pending-jobs` entry: `task_id`, `build_id`, `project_owner`, `sandbox`,
    /// `background`, `chroot`; RPM tasks add `tags` and `allow_user_ssh`.
    static func pending(_ task: TaskContext) -> JSONValue {
        .object(common(task))
    }

    /// The full record of `get-build-task` (RPM task) or `get-srpm-build-task`; `layout`
    /// names the repositories of the results tree.
    static func full(_ task: TaskContext, layout: ResultsLayout) -> JSONValue {
        var record = common(task)
        let project = task.project, build = task.build
        record["project_name"] = .string(project.name)
        record["project_dirname"] = .string(project.name)
        record["submitter"] = .string(build.submitter)
        record["package_name"] = optional(build.packageName)
        record["appstream"] = false
        record["repos"] = []
        if let chroot = task.chroot?.chroot {
            record["repos"] = BuildRepositories(layout: layout).repos(project: project, chroot: chroot, settings: task.chrootSettings)
        }
        if task.chroot == nil {
            let (type, json) = source(build.source)
            record["source_type"] = .int(type.rawValue)
            record["source_json"] = .string(String(decoding: (try? json.encoded()) ?? Data("{}".utf8), as: UTF8.self))
            record["distributions_in_project"] = distributions(project.chroots)
            record["distributions_in_build"] = distributions(task.buildChroots)
        } else {
            record["memory_reqs"] = .int(memoryRequirement)
            record["timeout"] = .int(build.timeout)
            record["enable_net"] = .bool(build.enableNet ?? project.settings.enableNet)
            record["git_repo"] = .null
            record["git_hash"] = .null
            record["srpm_url"] = optional(build.srpmURL)
            record["package_version"] = optional(build.packageVersion)
            record["uses_devel_repo"] = false
            record["isolation"] = .string(task.chrootSettings.effectiveIsolation)
            record["fedora_review"] = false
            record["repo_priority"] = .null
            record["ssh_public_keys"] = .null
            record["storage"] = .null
            record["modules"] = [:]
            let settings = task.chrootSettings
            record["buildroot_pkgs"] = .array(settings.buildrootPackages.map(JSONValue.string))
            record["with_opts"] = .array(settings.withOpts.map(JSONValue.string))
            record["without_opts"] = .array(settings.withoutOpts.map(JSONValue.string))
            record["bootstrap"] = .string(settings.effectiveBootstrap)
            record["bootstrap_image"] = optional(settings.effectiveBootstrap == "custom_image" ? settings.bootstrapImage : nil)
        }
        return .object(record)
    }

    private static func common(_ task: TaskContext) -> [String: JSONValue] {
        var record: [String: JSONValue] = [
            "task_id": .string(task.taskID.description),
            "build_id": .int(task.build.id),
            "project_owner": .string(task.project.owner),
            "sandbox": .string("\(task.project.owner)/\(task.project.name)--\(task.build.submitter)"),
            "background": .bool(task.build.background),
            "chroot": optional(task.chroot?.chroot),
        ]
        if task.chroot != nil {
            record["tags"] = []
            record["allow_user_ssh"] = false
        }
        return record
    }

    /// `source_type` and `source_json` as upstream's frontend writes them.
    private static func source(_ source: BuildSource) -> (SourceType, JSONValue) {
        switch source {
        case .upload(let name, let url):
            (.upload, ["url": .string(url), "pkg": .string((name as NSString).lastPathComponent)])
        case .srpmURL(let url), .specURL(let url):
            (.link, ["url": .string(url)])
        case .git(let cloneURL, let committish, let subdirectory, let spec):
            (.scm, [
                "type": "git", "clone_url": .string(cloneURL), "committish": .string(committish),
                "subdirectory": .string(subdirectory), "spec": .string(spec ?? ""), "srpm_build_method": "rpkg",
            ])
        case .pypi(let source):
            (.pypi, source.sourceJSON)
        }
    }

    /// `fedora-41-x86_64` → `fedora-41`, without repetition, in order.
    private static func distributions(_ chroots: [String]) -> JSONValue {
        var seen = Set<String>()
        let names = chroots.compactMap { (try? Chroot($0))?.release }.filter { seen.insert($0).inserted }
        return .array(names.map(JSONValue.string))
    }

    private static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
