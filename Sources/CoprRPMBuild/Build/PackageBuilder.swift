import CoprCore

/// Turns an SRPM into binary RPMs in the results directory; implemented with mock (Fedora
/// builders) and with plain rpmbuild (machines without mock).
public protocol PackageBuilder: Sendable {
    /// A short name for the log (`mock`, `rpmbuild`).
    var name: String { get }
    /// Builds `srpm` for `chroot`, honouring the task's timeout and options, leaving RPMs
    /// and build logs in the results directory.
    func build(srpm: String, task: BuildTask, chroot: Chroot, workDirectory: String) async throws
}
