import CoprCore
import Foundation

extension ActionPlan {
    /// Reads `record` as upstream's backend reads it, with the data fields upstream's
    /// frontend writes for its type, each name checked by the task contract's rules.
    /// Throws for an unknown type or object type, `data` that is no JSON of the expected
    /// shape, and any name a rule refuses.
    public init(_ record: ActionRecord) throws(ActionRefusal) {
        guard let number = record.actionType, let type = ActionType(rawValue: number) else {
            throw ActionRefusal("unknown action type \(record.actionType.map(String.init) ?? "null")")
        }
        switch type {
        case .legalFlag:
            self = .nothing
        case .buildModule, .updateModuleMD:
            self = .refused(reason: "\(type.name): modularity is retired upstream and not supported by this backend")
        case .genGPGKey:
            let data = try ActionData(record)
            self = .generateKey(owner: try data.owner(), project: try data.name("projectname", TaskRules.projectName))
        case .fork:
            self = try Self.fork(record, try ActionData(record))
        case .rawhideToRelease:
            let data = try ActionData(record)
            self = .rawhideToRelease(
                directory: ProjectDirectory(owner: try data.owner(), dirname: try data.name("copr_dir", TaskRules.projectDirname)),
                from: try data.name("rawhide_chroot", TaskRules.resultsChroot), to: try data.name("dest_chroot", TaskRules.resultsChroot),
                builds: try data.list("builds", TaskRules.resultDir))
        case .updateComps:
            let data = try ActionData(record)
            let present = data.value("comps_present").boolValue ?? true
            self = .updateComps(
                owner: try data.owner(), project: try data.name("projectname", TaskRules.projectName),
                chroot: try data.name("chroot", TaskRules.resultsChroot),
                urlPath: present ? try data.name("url_path", Self.urlPath) : nil)
        case .rename, .cancelBuild:
            self = .refused(reason: "\(type.name) is no backend action (upstream's backend refuses it too)")
        case .delete:
            self = try Self.delete(record, try ActionData(record))
        case .createrepo:
            let data = try ActionData(record)
            self = .createrepo(
                owner: try data.owner(), dirnames: try data.list("project_dirnames", TaskRules.projectDirname),
                chroots: try data.list("chroots", TaskRules.resultsChroot), devel: data.flag("devel"))
        case .removeDirs:
            self = .removeDirs(try Self.outdatedDirectories(record))
        }
    }

    private static func delete(_ record: ActionRecord, _ data: ActionData) throws(ActionRefusal) -> ActionPlan {
        switch record.objectType {
        case "copr":
            // Upstream skips empty names in the list; every other one must be a directory.
            let names = try data.list("project_dirnames") { (value: String, field: String) throws(InvalidField) in
                value.isEmpty ? value : try TaskRules.projectDirname(value, field: field)
            }
            return .deleteProject(owner: try data.owner(), dirnames: names.filter { !$0.isEmpty })
        case "build":
            guard let buildID = record.objectID, (try? TaskRules.buildID(buildID)) != nil else {
                throw ActionRefusal("Invalid object_id: a build delete names no build")
            }
            let directory = BuildDirectories(
                dirname: try data.name("project_dirname", TaskRules.projectDirname),
                chroots: try data.buildDirectories(data.value("chroot_builddirs"), field: "chroot_builddirs"))
            return .deleteBuilds(owner: try data.owner(), directories: [directory], buildIDs: [buildID], devel: data.flag("devel"))
        case "builds":
            guard let byDirname = data.value("project_dirnames").objectValue else {
                throw ActionRefusal("Invalid project_dirnames: expected an object of project directories")
            }
            var directories: [BuildDirectories] = []
            for (dirname, chroots) in byDirname.sorted(by: { $0.key < $1.key }) {
                directories.append(BuildDirectories(
                    dirname: try data.check(dirname, "project_dirnames", TaskRules.projectDirname),
                    chroots: try data.buildDirectories(chroots, field: "project_dirnames")))
            }
            let buildIDs = try data.list("build_ids") { (value: Int, field: String) throws(InvalidField) in
                try TaskRules.buildID(value, field: field)
            }
            return .deleteBuilds(owner: try data.owner(), directories: directories, buildIDs: buildIDs, devel: data.flag("devel"))
        case "chroot":
            return .deleteChroot(
                owner: try data.owner(), project: try data.name("projectname", TaskRules.projectName),
                chroot: try data.name("chrootname", TaskRules.resultsChroot))
        default:
            throw ActionRefusal("unknown object type \(record.objectType.map(TaskRules.quoted) ?? "null") for delete")
        }
    }

    /// `fork`: `old_value` and `new_value` name the projects (`<owner>/<project>`), `data`
    /// the destination again (`user`, `copr`) and `builds_map`.
    private static func fork(_ record: ActionRecord, _ data: ActionData) throws(ActionRefusal) -> ActionPlan {
        func project(_ value: String?, field: String) throws(ActionRefusal) -> ProjectDirectory {
            let parts = value?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
            guard parts.count == 2 else {
                throw ActionRefusal("Invalid \(field): expected <owner>/<project>, found \(value.map(TaskRules.quoted) ?? "null")")
            }
            return ProjectDirectory(
                owner: try data.check(parts[0], field) { (value: String, field: String) throws(InvalidField) in try TaskRules.owner(value, field: field) },
                dirname: try data.check(parts[1], field) { (value: String, field: String) throws(InvalidField) in try TaskRules.projectName(value, field: field) })
        }
        let destination = try project(record.newValue, field: "new_value")
        guard data.value("user").stringValue == destination.owner, data.value("copr").stringValue == destination.dirname else {
            throw ActionRefusal("Invalid data: user and copr do not name the new_value project")
        }
        guard let map = data.value("builds_map").objectValue else {
            throw ActionRefusal("Invalid builds_map: expected an object of chroots")
        }
        var builds: [String: [String: String]] = [:]
        for (chroot, renames) in map {
            let checked = try data.check(chroot, "builds_map") { (value: String, field: String) throws(InvalidField) in
                try TaskRules.resultsChroot(value, field: field)
            }
            guard let pairs = renames.objectValue else { throw ActionRefusal("Invalid builds_map: expected old and new names") }
            var names: [String: String] = [:]
            // Upstream skips a pair with an empty name.
            for (old, new) in pairs {
                guard let new = new.stringValue, !old.isEmpty, !new.isEmpty else { continue }
                let rule = { (value: String, field: String) throws(InvalidField) in try TaskRules.resultDir(value, field: field) }
                names[try data.check(old, "builds_map", rule)] = try data.check(new, "builds_map", rule)
            }
            builds[checked] = names
        }
        return .fork(source: try project(record.oldValue, field: "old_value"), destination: destination, builds: builds)
    }

    /// A path on the frontend (`/coprs/…/comps/`): a relative path once its leading and
    /// trailing slashes are set aside, so that it names nothing but a page of the frontend.
    private static func urlPath(_ value: String, field: String) throws(InvalidField) -> String {
        let inner = value.dropFirst().hasSuffix("/") ? String(value.dropFirst().dropLast()) : String(value.dropFirst())
        guard value.hasPrefix("/"), !inner.isEmpty else {
            throw InvalidField(field: field, reason: "expected a path on the frontend, found \(TaskRules.quoted(value))")
        }
        try TaskRules.relativePath(inner, field: field)
        return value
    }

    /// `remove_dirs` data: a JSON list of `<owner>/<project>:pr:<n>`; as upstream, only
    /// pull-request directories are removed this way.
    private static func outdatedDirectories(_ record: ActionRecord) throws(ActionRefusal) -> [ProjectDirectory] {
        guard let entries = ActionData.parse(record.data)?.arrayValue else {
            throw ActionRefusal("Invalid data: expected a JSON list of directories")
        }
        var directories: [ProjectDirectory] = []
        for entry in entries {
            let parts = entry.stringValue?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
            guard parts.count == 2, parts[1].contains(":pr:") else {
                throw ActionRefusal("Invalid data: \(TaskRules.describe(entry)) is no <owner>/<project>:pr:<n> directory")
            }
            do {
                directories.append(ProjectDirectory(
                    owner: try TaskRules.owner(parts[0], field: "data"), dirname: try TaskRules.projectDirname(parts[1], field: "data")))
            } catch {
                throw ActionRefusal(error.description)
            }
        }
        return directories
    }
}
