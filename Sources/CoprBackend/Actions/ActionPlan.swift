import CoprCore
import Foundation

/// What one action does to the results tree, read from its record and checked: every
/// owner, project, directory and chroot name passed the task contract's rules, so each
/// path the plan names stays inside `destdir`. A record that cannot be read this way is
/// refused (``ActionRefusal``) and answered with a failure, alone.
///
/// ```swift
/// let plan = try ActionPlan(record)     // throws ActionRefusal for `..` or bad JSON
/// plan.projects                         // ["@copr/hello"]: what it must not share
/// ```
public enum ActionPlan: Sendable, Equatable {
    /// Builds' directories in one project directory: `chroot → result directories`
    /// (`srpm-builds` included).
    public struct BuildDirectories: Sendable, Equatable {
        public var dirname: String
        public var chroots: [String: [String]]

        public init(dirname: String, chroots: [String: [String]]) {
            self.dirname = dirname
            self.chroots = chroots
        }
    }

    /// One directory of a project's results: `<owner>/<dirname>`.
    public struct ProjectDirectory: Sendable, Equatable {
        public var owner: String
        public var dirname: String

        public init(owner: String, dirname: String) {
            self.owner = owner
            self.dirname = dirname
        }
    }

    /// `delete` of a `copr`: each directory of the project.
    case deleteProject(owner: String, dirnames: [String])
    /// `delete` of a `build` or of `builds`: their directories, then each chroot's
    /// repository regenerated (the devel one when `devel`).
    case deleteBuilds(owner: String, directories: [BuildDirectories], buildIDs: [Int], devel: Bool)
    /// `delete` of a `chroot`: its directory in the project's main directory.
    case deleteChroot(owner: String, project: String, chroot: String)
    /// `createrepo`: an empty or regenerated repository for each directory and chroot.
    case createrepo(owner: String, dirnames: [String], chroots: [String], devel: Bool)
    /// `fork`: the named builds' result directories copied from `source` to
    /// `destination` under their new names (`chroot → [old name: new name]`), re-signed
    /// with the destination's key when signing is on, each chroot's repository written.
    case fork(source: ProjectDirectory, destination: ProjectDirectory, builds: [String: [String: String]])
    /// `rawhide_to_release`: the named builds of a rawhide chroot copied (RPMs linked) into
    /// a newly branched chroot of the same directory, whose repository is then written.
    case rawhideToRelease(directory: ProjectDirectory, from: String, to: String, builds: [String])
    /// `update_comps`: a chroot's `comps.xml` downloaded from the frontend's `urlPath`, or
    /// removed when the project has none any more.
    case updateComps(owner: String, project: String, chroot: String, urlPath: String?)
    /// `gen_gpg_key`: the project's signing key, made unless it exists.
    case generateKey(owner: String, project: String)
    /// `remove_dirs`: outdated directories (`<owner>/<project>:pr:<n>`).
    case removeDirs([ProjectDirectory])
    /// `legal-flag`: nothing to do on a backend.
    case nothing
    /// A type this backend does not carry out: answered with a failure and `reason` logged.
    case refused(reason: String)

    /// The projects (`owner/project`) the plan touches: two plans sharing one never run
    /// side by side, and run in the order of their ids.
    public var projects: Set<String> {
        func project(_ owner: String, _ dirname: String) -> String {
            "\(owner)/\(dirname.split(separator: ":", maxSplits: 1).first.map(String.init) ?? dirname)"
        }
        switch self {
        case .deleteProject(let owner, let dirnames), .createrepo(let owner, let dirnames, _, _):
            return Set(dirnames.map { project(owner, $0) })
        case .deleteBuilds(let owner, let directories, _, _):
            return Set(directories.map { project(owner, $0.dirname) })
        case .deleteChroot(let owner, let project, _), .generateKey(let owner, let project):
            return ["\(owner)/\(project)"]
        case .removeDirs(let directories):
            return Set(directories.map { project($0.owner, $0.dirname) })
        case .rawhideToRelease(let directory, _, _, _):
            return [project(directory.owner, directory.dirname)]
        case .updateComps(let owner, let project, _, _):
            return ["\(owner)/\(project)"]
        case .fork(let source, let destination, _):
            return [project(source.owner, source.dirname), project(destination.owner, destination.dirname)]
        case .nothing, .refused:
            return []
        }
    }
}

/// Why an action record cannot be carried out: its type is unknown, or its data is
/// malformed or names something the task contract refuses.
public struct ActionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
