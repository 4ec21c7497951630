/// The status page: the builds in progress.
struct StatusView: Sendable {
    /// How many builds the page lists at most.
    static let listLength = 200

    let builds: [BuildRow]
    let hasBuilds: Bool

    init(builds: [BuildOverview]) {
        self.builds = builds.map(BuildRow.init)
        hasBuilds = !builds.isEmpty
    }
}
