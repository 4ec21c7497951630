/// What the command line asks for: where the task comes from and how to build it.
public struct BuildRequest: Sendable, Equatable {
    public var origin: TaskOrigin
    /// `--chroot`: overrides the task's chroot.
    public var chroot: String?
    /// `--srpm`: a source task.
    public var sourceBuild: Bool
    /// `--drop-resultdir`: start from an empty results directory.
    public var dropResultDir: Bool
    /// The command line, for the reproduction hint in the log.
    public var commandLine: [String]

    public init(origin: TaskOrigin, chroot: String?, sourceBuild: Bool, dropResultDir: Bool, commandLine: [String]) {
        self.origin = origin
        self.chroot = chroot
        self.sourceBuild = sourceBuild
        self.dropResultDir = dropResultDir
        self.commandLine = commandLine
    }
}
