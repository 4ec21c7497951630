import CoprCore
import Foundation

/// The DNF repository file of a project for one distribution, as upstream Copr writes
/// it, so that `dnf config-manager --add-repo <url>` (or a download into
/// `/etc/yum.repos.d/`) lets users install the project's packages:
///
/// ```ini
/// [copr:copr.example.org:jdoe:hello]
/// name=Copr repo for hello owned by jdoe
/// baseurl=https://copr.example.org/results/jdoe/hello/fedora-41-$basearch/
/// type=rpm-md
/// skip_if_unavailable=True
/// gpgcheck=0
/// repo_gpgcheck=0
/// enabled=1
/// enabled_metadata=1
/// ```
///
/// The section id is upstream's `copr:<host>:<owner>:<project>` (a group `@name` becomes
/// `group_name`), so `dnf copr` and users' scripts recognize the repository. The
/// project's runtime dependencies follow as further sections, as upstream writes them:
/// `coprdep:<host>:<owner>:<project>` for another project, `coprdep:<name of the URL>`
/// for an external repository, and a comment for a `copr://` project that does not exist.
public struct RepoFile: Sendable, Equatable {
    public let project: Project
    /// A chroot name without its architecture (`fedora-41`, `epel-9`, `fedora-rawhide`).
    public let distribution: String
    /// The host name users reach the frontend at, without a port (upstream strips it too).
    public let host: String
    public let layout: ResultsLayout
    /// The project's runtime dependencies (``RuntimeDependency/resolve(_:find:)``).
    public let dependencies: [RuntimeDependency]

    public init(project: Project, distribution: String, host: String, layout: ResultsLayout, dependencies: [RuntimeDependency] = []) {
        self.project = project
        self.distribution = distribution
        self.host = host
        self.layout = layout
        self.dependencies = dependencies
    }

    /// The distribution a chroot belongs to: its name without the last `-<arch>` part.
    public static func distribution(ofChroot chroot: String) -> String {
        guard let dash = chroot.lastIndex(of: "-") else { return chroot }
        return String(chroot[..<dash])
    }

    /// The host part of the frontend's public URL, which names the repositories.
    public static func host(ofPublicURL publicURL: String) -> String {
        URLComponents(string: publicURL)?.host ?? publicURL
    }

    /// The distributions that `project` has repositories for, in the order of its chroots.
    public static func distributions(of project: Project) -> [String] {
        var seen = Set<String>()
        return project.chroots.map(distribution(ofChroot:)).filter { seen.insert($0).inserted }
    }

    /// The repository id: `copr:<host>:<owner>:<project>`.
    public var repositoryID: String {
        "copr:\(host):\(Self.ownerName(project)):\(project.name)"
    }

    /// Where the frontend serves this file, relative to its public URL:
    /// `/coprs/<owner>/<project>/repo/<distribution>/<owner>-<project>-<distribution>.repo`.
    public var path: String {
        "/coprs/\(project.owner)/\(project.name)/repo/\(distribution)/\(Self.ownerName(project))-\(project.name)-\(distribution).repo"
    }

    /// The owner as upstream spells it in ids and file names: a group `@name` is `group_name`.
    private static func ownerName(_ project: Project) -> String {
        project.owner.hasPrefix("@") ? "group_" + project.owner.dropFirst() : project.owner
    }

    /// The file's content. dnf substitutes `$basearch`, so one file serves every
    /// architecture the distribution is built for.
    public var text: String {
        var text = section(repositoryID, name: "Copr repo for \(project.name) owned by \(project.owner)", of: project)
        for (index, dependency) in dependencies.enumerated() {
            let number = index + 1
            let dependent = "Copr \(host)/\(project.owner)/\(project.name)"
            switch dependency {
            case .project(let other):
                text += "\n" + section(
                    "coprdep:\(host):\(Self.ownerName(other)):\(other.name)",
                    name: "\(dependent) runtime dependency #\(number) - \(other.owner)/\(other.name)", of: other)
            case .external(let url):
                let name = BuildRepositories.repositoryName(url)
                let baseURL = BuildRepositories(layout: layout).baseURL(url, chroot: "\(distribution)-$basearch")
                text += """

                    [coprdep:\(name)]
                    name=\(dependent) external runtime dependency #\(number) - \(name)
                    baseurl=\(baseURL)
                    type=rpm-md
                    skip_if_unavailable=True
                    repo_gpgcheck=0
                    gpgcheck=0
                    enabled=1
                    enabled_metadata=1

                    """
            case .missing(let url):
                text += "\n# This repository is configured to have a runtime dependency on a Copr project \(url.dropFirst("copr://".count)) but that doesn't exist.\n"
            }
        }
        return text
    }

    /// The section of a project's repository for this distribution.
    private func section(_ id: String, name: String, of project: Project) -> String {
        let projectDirectory = layout.projectDirectory(project)
        let signing = project.signingEnabled
            ? "gpgcheck=1\ngpgkey=\(layout.url("\(projectDirectory)/pubkey.gpg"))"
            : "gpgcheck=0"
        return """
            [\(id)]
            name=\(name)
            baseurl=\(layout.url("\(projectDirectory)/\(distribution)-$basearch", directory: true))
            type=rpm-md
            skip_if_unavailable=True
            \(signing)
            repo_gpgcheck=0
            enabled=1
            enabled_metadata=1

            """
    }
}
