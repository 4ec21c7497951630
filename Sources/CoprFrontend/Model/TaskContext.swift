import CoprCore

/// One task with what its records are made of: the project, the build and, for an RPM
/// task, its chroot.
public struct TaskContext: Sendable, Equatable {
    public var project: Project
    public var build: Build
    /// Nil for the source build.
    public var chroot: BuildChroot?
    /// The names of every chroot of the build.
    public var buildChroots: [String]
    /// The settings of an RPM task's chroot in the project; the defaults for a source build.
    public var chrootSettings = ChrootSettings()

    /// `<build_id>` for the source build, `<build_id>-<chroot>` for an RPM task.
    public var taskID: TaskID {
        chroot?.taskID ?? .source(buildID: build.id)
    }
}
