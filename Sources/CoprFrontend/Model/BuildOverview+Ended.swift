extension BuildOverview {
    /// Whether every task of the build (its source build and each chroot) is in a terminal
    /// state: nothing of it runs or will run any more, so its results no longer change.
    public var hasEnded: Bool {
        BuildState(build: build, chroots: chroots).hasEnded
    }

    /// When the last task ended, once the build has ended; nil before.
    public var endedOn: Double? {
        guard hasEnded else { return nil }
        return ([build.endedOn] + chroots.map(\.endedOn)).compactMap { $0 }.max()
    }
}
