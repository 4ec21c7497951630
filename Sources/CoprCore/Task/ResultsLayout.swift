import Foundation

/// Where a task's results go, in Copr's layout:
/// `<destdir>/<owner>/<dirname>/<chroot>/<%08d build id>-<package>/` for an RPM task and
/// `<destdir>/<owner>/<dirname>/srpm-builds/<%08d build id>/` for a source build, served
/// under `results_baseurl` with the same relative paths.
///
/// The backend writes results there, the embedded frontend serves, lists and deletes
/// them, and both name them in URLs; upstream's backend and frontend use the same layout,
/// so a results tree moves between them unchanged.
///
/// ```swift
/// let layout = ResultsLayout(destdir: "/var/lib/copr/public_html/results", baseURL: "https://copr.example/results")
/// let relative = ResultsLayout.taskDirectory(
///     owner: "@copr", dirname: "copr-dev", task: .rpm(buildID: 1234, chroot: "fedora-41-x86_64"), packageName: "copr-cli")
/// layout.path(relative)   // …/results/@copr/copr-dev/fedora-41-x86_64/00001234-copr-cli
/// ```
public struct ResultsLayout: Sendable, Equatable {
    /// `[backend] destdir`: the root of the results tree.
    public var destdir: String
    /// `[backend] results_baseurl`, without a trailing slash.
    public var baseURL: String

    public init(destdir: String, baseURL: String) {
        self.destdir = destdir
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// `<owner>/<dirname>`: a project's directory, relative to the results root.
    public static func projectDirectory(owner: String, dirname: String) -> String {
        "\(owner)/\(dirname)"
    }

    /// The name of a task's own directory: the build id in eight digits, with
    /// `-<package>` for an RPM task whose package is known (`00001234-hello`); a source
    /// build's is the number alone, as upstream names it.
    public static func taskDirectoryName(buildID: Int, packageName: String?, sourceBuild: Bool) -> String {
        let number = String(format: "%08d", buildID)
        guard !sourceBuild, let packageName else { return number }
        return "\(number)-\(packageName)"
    }

    /// `<owner>/<dirname>/<chroot or srpm-builds>/<task directory name>`, relative to the
    /// results root.
    public static func taskDirectory(owner: String, dirname: String, task: TaskID, packageName: String?) -> String {
        let name = taskDirectoryName(buildID: task.buildID, packageName: packageName, sourceBuild: task.isSourceBuild)
        return "\(projectDirectory(owner: owner, dirname: dirname))/\(task.resultsChroot)/\(name)"
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
