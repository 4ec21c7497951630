import CoprCore
import Foundation

/// Removes a build's or a project's results from the results tree. For a build: the task directory of its source build
/// and of each chroot whose directory is known (``ResultsLayout/taskDirectory(project:build:chroot:)``),
/// then hands the chroot directories it removed from to `regenerateRepositories`, since
/// their repodata still lists the removed packages. A project's chroot directories
/// without a repository get an empty one (`createRepositories`).
///
/// Directories already gone are fine, so a delete that failed halfway can be retried. A
/// task directory whose parent resolves outside `destdir` (a symbolic link planted in the
/// tree) is refused, and a link in place of a task directory is removed, never followed.
///
/// ```swift
/// let remover = ResultsDirectoryRemover(layout: layout) { chrootDirectories in
///     for directory in chrootDirectories { try await createrepo.update(directory) }
/// }
/// ```
public struct ResultsDirectoryRemover: BuildResultsRemover {
    /// Gets the absolute chroot directories (`<destdir>/<owner>/<project>/<chroot>`) whose
    /// repodata must be regenerated.
    public typealias RepositoryRegeneration = @Sendable (_ chrootDirectories: [String]) async throws -> Void

    /// A task directory that would be removed outside the results tree.
    public struct OutsideResultsTree: Error, Sendable, CustomStringConvertible {
        public let path: String

        public var description: String { "\(path) resolves outside the results directory; it is left alone" }
    }

    private let layout: ResultsLayout
    private let regenerateRepositories: RepositoryRegeneration
    private let createRepositories: RepositoryRegeneration

    /// - Parameter createRepositories: Makes the (empty) repositories of chroot
    ///   directories that have none; `regenerateRepositories` when not given (createrepo
    ///   does both).
    public init(
        layout: ResultsLayout, createRepositories: RepositoryRegeneration? = nil,
        regenerateRepositories: @escaping RepositoryRegeneration
    ) {
        self.layout = layout
        self.regenerateRepositories = regenerateRepositories
        self.createRepositories = createRepositories ?? regenerateRepositories
    }

    public func removeResults(of overview: BuildOverview) async throws {
        let project = overview.project, build = overview.build
        if let sourceDirectory = layout.taskDirectory(project: project, build: build, chroot: nil) {
            try remove(sourceDirectory)
        }
        var chrootDirectories: [String] = []
        for chroot in overview.chroots {
            guard let taskDirectory = layout.taskDirectory(project: project, build: build, chroot: chroot) else { continue }
            try remove(taskDirectory)
            let chrootDirectory = layout.path("\(layout.projectDirectory(project))/\(chroot.chroot)")
            if FileManager.default.fileExists(atPath: chrootDirectory) { chrootDirectories.append(chrootDirectory) }
        }
        if !chrootDirectories.isEmpty { try await regenerateRepositories(chrootDirectories) }
    }

    public func regenerateRepositories(of project: Project) async throws {
        let chrootDirectories = project.chroots.map { layout.path("\(layout.projectDirectory(project))/\($0)") }
            .filter { FileManager.default.fileExists(atPath: $0) }
        if !chrootDirectories.isEmpty { try await regenerateRepositories(chrootDirectories) }
    }

    /// A chroot directory whose nearest existing ancestor resolves outside `destdir` (a
    /// planted link) is refused with ``OutsideResultsTree``.
    public func createMissingRepositories(of project: Project) async throws {
        let missing = project.chroots.map { layout.path("\(layout.projectDirectory(project))/\($0)") }
            .filter { !FileManager.default.fileExists(atPath: "\($0)/repodata/repomd.xml") }
        for directory in missing {
            var existing = directory
            while !FileManager.default.fileExists(atPath: existing) { existing = (existing as NSString).deletingLastPathComponent }
            guard ResolvedPath.of(existing) == ResolvedPath.of(layout.destdir) || ResolvedPath.isInside(existing, root: layout.destdir) else {
                throw OutsideResultsTree(path: directory)
            }
        }
        if !missing.isEmpty { try await createRepositories(missing) }
    }

    /// Removes `<destdir>/<owner>/<project>`: no repository is left to regenerate.
    public func removeResults(of project: Project) async throws {
        try remove(layout.projectDirectory(project))
    }

    /// Removes the directory `relative` (a path of the layout) if it exists, after
    /// checking that the directory holding it resolves inside `destdir`.
    private func remove(_ relative: String) throws {
        let path = layout.path(relative)
        let name = (path as NSString).lastPathComponent
        let parent = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent) else { return }
        guard name != ".", name != "..", ResolvedPath.isInside(parent, root: layout.destdir),
              let resolvedParent = ResolvedPath.of(parent)
        else { throw OutsideResultsTree(path: path) }
        let entry = (resolvedParent as NSString).appendingPathComponent(name)
        // attributesOfItem does not follow a link: a link is an entry to remove like a directory.
        guard (try? FileManager.default.attributesOfItem(atPath: entry)) != nil else { return }
        try FileManager.default.removeItem(atPath: entry)
    }
}
