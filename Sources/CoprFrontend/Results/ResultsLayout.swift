import Foundation

/// Where the backend puts a project's results, in Copr's layout:
/// `<destdir>/<owner>/<project>/<chroot>/<%08d build id>-<package>/` for an RPM task and
/// `<destdir>/<owner>/<project>/srpm-builds/<%08d build id>/` for a source build, served
/// under `results_baseurl` with the same relative paths.
///
/// The user API names result URLs with it, the results routes map URLs back to files, and
/// deleting a build removes the directories it names.
public struct ResultsLayout: Sendable, Equatable {
    /// The chroot directory of source builds.
    public static let sourceBuildsChroot = "srpm-builds"

    /// `[backend] destdir`: the root of the results tree.
    public var destdir: String
    /// `[backend] results_baseurl`, without a trailing slash.
    public var baseURL: String

    public init(destdir: String, baseURL: String) {
        self.destdir = destdir
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// `<owner>/<project>`, relative to the results root.
    public func projectDirectory(_ project: Project) -> String {
        "\(project.owner)/\(project.name)"
    }

    /// The directory of one task relative to the results root, or nil while it is not
    /// known: an RPM task's directory carries the package name, which the source build
    /// finds out. `chroot` nil means the source build.
    public func taskDirectory(project: Project, build: Build, chroot: BuildChroot?) -> String? {
        let number = String(format: "%08d", build.id)
        guard let chroot else { return "\(projectDirectory(project))/\(Self.sourceBuildsChroot)/\(number)" }
        let name = chroot.resultDir ?? build.packageName.map { "\(number)-\($0)" }
        return name.map { "\(projectDirectory(project))/\(chroot.chroot)/\($0)" }
    }

    /// The file system path of `relative` (a path this layout made).
    public func path(_ relative: String) -> String {
        (destdir as NSString).appendingPathComponent(relative)
    }

    /// The URL of `relative` (a path this layout made); directories end with `/`.
    public func url(_ relative: String, directory: Bool = false) -> String {
        "\(baseURL)/\(relative)\(directory ? "/" : "")"
    }
}
