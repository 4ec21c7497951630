import CoprCore
import Foundation

/// One task as the frontend serves it (`get-build-task` / `get-srpm-build-task`), read
/// leniently (numbers given as text, `buildroot_pkgs` as one string), as upstream's
/// copr-rpmbuild reads it, with the fields the builder uses. Field names are upstream's.
///
/// Nothing here is trusted: ``TaskValidator`` checks every field, with the task contract
/// (`TaskRecord`, `TaskRules`) the frontend and the backend apply too, before it is used.
public struct BuildTask: Sendable, Equatable {
    /// The record as sent, with `task_id` filled in where a task file leaves it out and
    /// `chroot` as `--chroot` gives it: what ``TaskValidator`` checks.
    public private(set) var fields: [String: JSONValue]
    /// `task_id`: `"<build_id>-<chroot>"` or `"<build_id>"`.
    public var taskID: String
    /// `build_id`.
    public var buildID: Int
    /// `chroot`, possibly overridden by `--chroot` (``build(in:)``); nil or `srpm-builds` for
    /// source tasks.
    public private(set) var chroot: String?
    public var projectOwner: String?
    public var projectName: String?
    /// `source_type` (``SourceType``) and the parsed `source_json` of source tasks.
    public var sourceType: Int?
    public var source: SourceDescription?
    public var packageName: String?
    /// `srpm_url`: where an RPM task gets its SRPM when there is no dist-git.
    public var srpmURL: String?
    /// `git_repo` and `git_hash`: the dist-git location of an RPM task.
    public var gitRepo: String?
    public var gitHash: String?
    /// `timeout` in seconds.
    public var timeout: Int?
    /// `enable_net`: whether the build may use the network (upstream default true).
    public var enableNet: Bool
    public var withOpts: [String]
    public var withoutOpts: [String]
    /// `buildroot_pkgs`: extra packages for the mock buildroot.
    public var buildrootPkgs: [String]
    /// `repos`: `{id, baseurl, name, ...}` entries for the mock config.
    public var repos: [[String: String]]
    /// `isolation`: Mock's isolation (`default`, `simple`, `nspawn`); nil is the default.
    public var isolation: String?
    /// `bootstrap`: Mock's bootstrap (`default`, `on`, `off`, `image`, `custom_image`);
    /// nil is the default.
    public var bootstrap: String?
    /// `bootstrap_image`: the container image of a `custom_image` bootstrap.
    public var bootstrapImage: String?
    /// `distributions_in_build` (or `_in_project`): distro-release names for
    /// `architecture_specific_tags`.
    public var distributions: [String]

    /// Decodes and interprets the frontend JSON. Fails for anything that is not an object
    /// with a build id (upstream: "invalid or empty JSON").
    public init(json data: Data) throws {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw CoprRPMBuildError.refusedTask("the task is not valid JSON")
        }
        guard case .object(let fields) = value, !fields.isEmpty else {
            throw CoprRPMBuildError.refusedTask("the task is empty; the frontend has no such task")
        }
        guard let buildID = fields["build_id"]?.int else {
            throw CoprRPMBuildError.refusedTask("the task has no integer build_id")
        }
        self.buildID = buildID
        chroot = fields["chroot"]?.text
        // A task file may leave the id out: it is then the task of its chroot, if any.
        let derived = chroot.map { TaskID.rpm(buildID: buildID, chroot: $0) } ?? .source(buildID: buildID)
        taskID = fields["task_id"]?.text ?? derived.description
        self.fields = fields
        self.fields["task_id"] = fields["task_id"] ?? .string(taskID)
        projectOwner = fields["project_owner"]?.text
        projectName = fields["project_name"]?.text
        sourceType = fields["source_type"]?.int
        switch fields["source_json"] {
        case .string(let text)?:
            let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            source = parsed.map(SourceDescription.init(json:))
        case .object(let members)?:
            source = SourceDescription(json: .object(members))
        default:
            source = nil
        }
        packageName = fields["package_name"]?.text
        srpmURL = fields["srpm_url"]?.text
        gitRepo = fields["git_repo"]?.text
        gitHash = fields["git_hash"]?.text
        timeout = fields["timeout"]?.int
        enableNet = fields["enable_net"]?.bool ?? true
        withOpts = fields["with_opts"]?.stringList ?? []
        withoutOpts = fields["without_opts"]?.stringList ?? []
        buildrootPkgs = fields["buildroot_pkgs"]?.stringList ?? []
        if case .array(let items)? = fields["repos"] {
            repos = items.compactMap { item in
                guard case .object(let members) = item else { return nil }
                return members.compactMapValues(\.text)
            }
        } else {
            repos = []
        }
        isolation = fields["isolation"]?.text
        bootstrap = fields["bootstrap"]?.text
        bootstrapImage = fields["bootstrap_image"]?.text
        distributions = (fields["distributions_in_build"]?.stringList).flatMap { $0.isEmpty ? nil : $0 }
            ?? fields["distributions_in_project"]?.stringList ?? []
    }

    /// The task built in `chroot` (`--chroot`): the record's chroot replaced, and an RPM
    /// task's id with it, so that the id still names its chroot. `srpm-builds` is the
    /// source builds' directory, no chroot to build in, and changes nothing.
    public mutating func build(in chroot: String) {
        guard chroot != TaskID.sourceBuildsChroot else { return }
        if taskID != TaskID.source(buildID: buildID).description {
            taskID = TaskID.rpm(buildID: buildID, chroot: chroot).description
            fields["task_id"] = .string(taskID)
        }
        self.chroot = chroot
        fields["chroot"] = .string(chroot)
    }
}
