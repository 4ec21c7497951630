import CoprCore
import Foundation

/// Decides how a chroot is built here: with mock when mock and `<mock_config_dir>/<chroot>.cfg`
/// exist, otherwise with rpmbuild when the chroot's architecture is this machine's and its
/// distribution is known; otherwise the chroot cannot be built on this builder.
public struct BuildMethodSelector: Sendable {
    public let context: BuildContext
    /// Overrides for tests: whether the programs are installed.
    public var mockAvailable = ProcessRunner.isAvailable("mock")
    public var rpmbuildAvailable = ProcessRunner.isAvailable("rpmbuild")
    public var hostArchitecture = HostArchitecture.current

    public init(context: BuildContext) { self.context = context }

    /// The mock config file of a chroot.
    public func mockConfig(for chroot: String) -> String {
        context.config.mockConfigDir + "/" + chroot + ".cfg"
    }

    /// The builder for `chroot`, or ``CoprRPMBuildError/chrootNotBuildable(chroot:reason:)``.
    public func builder(for chroot: Chroot) throws -> any PackageBuilder {
        let mockConfig = mockConfig(for: chroot.name)
        if mockAvailable, FileManager.default.fileExists(atPath: mockConfig) {
            return MockBuilder(context: context, chrootConfig: mockConfig)
        }
        guard rpmbuildAvailable else {
            throw CoprRPMBuildError.chrootNotBuildable(chroot: chroot.name, reason: "neither mock with \(mockConfig) nor rpmbuild is installed")
        }
        guard chroot.arch == hostArchitecture else {
            throw CoprRPMBuildError.chrootNotBuildable(chroot: chroot.name, reason: "without mock only \(hostArchitecture) chroots can be built here")
        }
        guard !DistMacros(chroot: chroot, rawhideRelease: context.config.rawhideRelease).defines.isEmpty else {
            throw CoprRPMBuildError.chrootNotBuildable(chroot: chroot.name, reason: "distribution '\(chroot.distro)' is unknown to the rpmbuild method; install mock and \(mockConfig)")
        }
        return RpmbuildBuilder(context: context)
    }
}
