import CoprCore

/// A build with its project and chroots: what listing or showing a build tells a user.
public struct BuildOverview: Sendable, Equatable {
    public var project: Project
    public var build: Build
    /// Ordered by chroot name.
    public var chroots: [BuildChroot]

    /// The state of the whole build, as upstream's `Build.status` derives it: canceled
    /// when the user cancelled it, the source build's state until it succeeded, then the
    /// most urgent state among the chroots.
    public var state: BuildStatus {
        if build.canceled { return .canceled }
        guard build.sourceStatus == .succeeded else { return build.sourceStatus }
        return Self.chrootUrgency.first { status in chroots.contains { $0.status == status } } ?? .succeeded
    }

    /// The chroot states most urgent first: the first one any chroot is in is the build's
    /// (the store filters builds by state in SQL in the same order).
    static let chrootUrgency: [BuildStatus] = [.running, .starting, .pending, .importing, .waiting, .failed, .succeeded, .canceled, .skipped]
}
