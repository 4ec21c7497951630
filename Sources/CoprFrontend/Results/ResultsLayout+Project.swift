import CoprCore

/// The embedded frontend's projects, builds and chroots placed in Copr's results tree.
///
/// The user API names result URLs with it, the results routes map URLs back to files, and
/// deleting a build removes the directories it names.
extension ResultsLayout {
    /// `<owner>/<project>`, relative to the results root: a project of this frontend has
    /// no side directories, its `project_dirname` is its name.
    public func projectDirectory(_ project: Project) -> String {
        Self.projectDirectory(owner: project.owner, dirname: project.name)
    }

    /// The directory of one task relative to the results root, or nil while it is not
    /// known: an RPM task's directory carries the package name, which the source build
    /// finds out, unless the backend reported its `result_dir`. `chroot` nil means the
    /// source build.
    public func taskDirectory(project: Project, build: Build, chroot: BuildChroot?) -> String? {
        guard let chroot else {
            return Self.taskDirectory(owner: project.owner, dirname: project.name, task: .source(buildID: build.id), packageName: nil)
        }
        let task = TaskID.rpm(buildID: build.id, chroot: chroot.chroot)
        if let resultDir = chroot.resultDir { return "\(projectDirectory(project))/\(task.resultsChroot)/\(resultDir)" }
        return build.packageName.map { Self.taskDirectory(owner: project.owner, dirname: project.name, task: task, packageName: $0) }
    }
}
