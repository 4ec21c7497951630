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
/// `group_name`), so `dnf copr` and users' scripts recognize the repository.
public struct RepoFile: Sendable, Equatable {
    public let project: Project
    /// A chroot name without its architecture (`fedora-41`, `epel-9`, `fedora-rawhide`).
    public let distribution: String
    /// The host name users reach the frontend at, without a port (upstream strips it too).
    public let host: String
    public let layout: ResultsLayout

    public init(project: Project, distribution: String, host: String, layout: ResultsLayout) {
        self.project = project
        self.distribution = distribution
        self.host = host
        self.layout = layout
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
        "copr:\(host):\(ownerName):\(project.name)"
    }

    /// Where the frontend serves this file, relative to its public URL:
    /// `/coprs/<owner>/<project>/repo/<distribution>/<owner>-<project>-<distribution>.repo`.
    public var path: String {
        "/coprs/\(project.owner)/\(project.name)/repo/\(distribution)/\(ownerName)-\(project.name)-\(distribution).repo"
    }

    /// The owner as upstream spells it in ids and file names: a group `@name` is `group_name`.
    private var ownerName: String {
        project.owner.hasPrefix("@") ? "group_" + project.owner.dropFirst() : project.owner
    }

    /// The file's content. dnf substitutes `$basearch`, so one file serves every
    /// architecture the distribution is built for.
    public var text: String {
        let projectDirectory = layout.projectDirectory(project)
        let signing = project.signingEnabled
            ? "gpgcheck=1\ngpgkey=\(layout.url("\(projectDirectory)/pubkey.gpg"))"
            : "gpgcheck=0"
        return """
            [\(repositoryID)]
            name=Copr repo for \(project.name) owned by \(project.owner)
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
