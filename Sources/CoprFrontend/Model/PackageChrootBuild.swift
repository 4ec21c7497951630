import CoprCore

/// The newest build of one package in one chroot of a project (a cell of Copr's monitor),
/// or a package with no build yet (`chroot` nil).
public struct PackageChrootBuild: Sendable, Equatable {
    public let packageName: String
    public let chroot: String?
    public let buildID: Int?
    /// The state of that build's task in the chroot.
    public let status: BuildStatus?
    public let packageVersion: String?

    public init(packageName: String, chroot: String? = nil, buildID: Int? = nil, status: BuildStatus? = nil, packageVersion: String? = nil) {
        self.packageName = packageName
        self.chroot = chroot
        self.buildID = buildID
        self.status = status
        self.packageVersion = packageVersion
    }
}
