import CoprCore
import Foundation

/// An action for the backend to carry out on the results tree, as Copr's frontend queues
/// it: its type, the object it is about, and its `data` (a JSON object with upstream's
/// field names). The store keeps it until the backend reports its result.
public struct NewAction: Sendable, Equatable {
    public var type: ActionType
    /// `copr`, `build`, `builds`, `chroot`, `repository`, …
    public var objectType: String
    public var objectID: Int?
    public var oldValue: String?
    public var newValue: String?
    public var data: JSONValue
    /// Nil: the type's default.
    public var priority: Int?
    /// The project the action touches, if any.
    public var projectID: Int?

    public init(
        type: ActionType, objectType: String, objectID: Int? = nil, oldValue: String? = nil, newValue: String? = nil,
        data: JSONValue, priority: Int? = nil, projectID: Int? = nil
    ) {
        self.type = type
        self.objectType = objectType
        self.objectID = objectID
        self.oldValue = oldValue
        self.newValue = newValue
        self.data = data
        self.priority = priority
        self.projectID = projectID
    }

    /// Deleting `overview`'s results: its source build's directory and every chroot's.
    public static func deleteBuild(_ overview: BuildOverview) -> NewAction {
        let project = overview.project
        return NewAction(
            type: .delete, objectType: "build", objectID: overview.build.id,
            data: [
                "ownername": .string(project.owner), "projectname": .string(project.name),
                "project_dirname": .string(project.name),
                "chroot_builddirs": .object(builddirs(overview).mapValues { .array($0.map(JSONValue.string)) }),
                "appstream": false, "devel": false, "storage": .null,
            ],
            projectID: project.id)
    }

    /// Deleting the results of several builds of one project at once (`object_type`
    /// `builds`, upstream's shape: `project_dirnames` → chroot → directories).
    public static func deleteBuilds(_ overviews: [BuildOverview]) -> NewAction? {
        guard let project = overviews.first?.project else { return nil }
        var dirs: [String: [String]] = [:]
        for overview in overviews {
            for (chroot, names) in builddirs(overview) { dirs[chroot, default: []] += names }
        }
        return NewAction(
            type: .delete, objectType: "builds",
            data: [
                "ownername": .string(project.owner), "projectname": .string(project.name),
                "project_dirnames": [project.name: .object(dirs.mapValues { .array($0.map(JSONValue.string)) })],
                "build_ids": .array(overviews.map { .int($0.build.id) }),
                "appstream": false, "devel": false, "storage": .null,
            ],
            projectID: project.id)
    }

    /// Deleting a whole project's results.
    public static func deleteProject(_ project: Project) -> NewAction {
        NewAction(
            type: .delete, objectType: "copr", objectID: project.id,
            data: ["ownername": .string(project.owner), "project_dirnames": [.string(project.name)], "storage": .null],
            projectID: project.id)
    }

    /// Deleting one chroot's results of a project.
    public static func deleteChroot(_ project: Project, chroot: String) -> NewAction {
        NewAction(
            type: .delete, objectType: "chroot",
            data: ["ownername": .string(project.owner), "projectname": .string(project.name), "chrootname": .string(chroot)],
            projectID: project.id)
    }

    /// Making (or making again) the repositories of `chroots` of a project; `reason` is
    /// upstream's free text for the log.
    public static func createrepo(_ project: Project, chroots: [String], reason: String? = nil) -> NewAction {
        NewAction(
            type: .createrepo, objectType: "repository", objectID: 0,
            data: [
                "ownername": .string(project.owner), "projectname": .string(project.name),
                "project_dirnames": [.string(project.name)], "chroots": .array(chroots.map(JSONValue.string)),
                "appstream": false, "devel": false, "storage": .null, "persistent": false,
                "reason": reason.map(JSONValue.string) ?? .null,
            ],
            projectID: project.id)
    }

    /// Copying builds of `source` into its fork `destination`: `builds` maps each chroot
    /// (and `srpm-builds`) to `{old result directory: new result directory}`; the backend
    /// re-signs them with the fork's key and writes each chroot's repository.
    public static func fork(from source: Project, to destination: Project, builds: [String: [String: String]]) -> NewAction {
        NewAction(
            type: .fork, objectType: "copr", oldValue: source.fullName, newValue: destination.fullName,
            data: [
                "user": .string(destination.owner), "copr": .string(destination.name),
                "builds_map": .object(builds.mapValues { .object($0.mapValues(JSONValue.string)) }),
            ],
            projectID: destination.id)
    }

    /// Making the signing key of `project` (the backend keeps one that exists).
    public static func generateKey(_ project: Project) -> NewAction {
        NewAction(
            type: .genGPGKey, objectType: "copr",
            data: ["ownername": .string(project.owner), "projectname": .string(project.name)],
            projectID: project.id)
    }

    /// The result directories of a build per results chroot (`srpm-builds` included),
    /// those it has.
    static func builddirs(_ overview: BuildOverview) -> [String: [String]] {
        let build = overview.build
        var dirs: [String: [String]] = [:]
        if build.sourceResultDir != nil || build.sourceStatus != .pending {
            dirs[TaskID.sourceBuildsChroot] = [ResultsLayout.taskDirectoryName(buildID: build.id, packageName: nil, sourceBuild: true)]
        }
        for chroot in overview.chroots {
            guard let name = chroot.resultDir
                ?? build.packageName.map({ ResultsLayout.taskDirectoryName(buildID: build.id, packageName: $0, sourceBuild: false) })
            else { continue }
            dirs[chroot.chroot] = [name]
        }
        return dirs
    }
}
