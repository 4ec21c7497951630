import CoprCore

/// `copr-builder-ready <chroot>`: whether this builder can build the chroot, so the backend
/// does not start a task that must fail. `srpm-builds` needs rpmbuild and git; other
/// chroots need mock with their config, or rpmbuild for this machine's architecture
/// (see ``BuildMethodSelector``).
public struct BuilderReadiness: Sendable {
    public let selector: BuildMethodSelector

    public init(context: BuildContext) { selector = BuildMethodSelector(context: context) }

    /// Returns how the chroot would be built, or throws why it cannot.
    public func check(_ chrootName: String) throws -> String {
        if chrootName == TaskID.sourceBuildsChroot {
            for program in ["rpmbuild", "git", "rpm"] where !ProcessRunner.isAvailable(program) {
                throw CoprRPMBuildError.chrootNotBuildable(chroot: chrootName, reason: "\(program) is not installed")
            }
            return "rpmbuild"
        }
        let chroot: Chroot
        do {
            chroot = try Chroot(chrootName)
        } catch {
            throw CoprRPMBuildError.chrootNotBuildable(chroot: TaskRules.shown(chrootName), reason: error.reason)
        }
        return try selector.builder(for: chroot).name
    }
}
