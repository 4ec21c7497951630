/// The home page: the newest builds of every project, the projects (searched), and how
/// to start.
struct HomeView: Sendable {
    /// How many builds and projects the home page lists.
    static let listLength = 20

    let builds: [BuildRow]
    let hasBuilds: Bool
    /// The search as the reader typed it; nil for none.
    let query: String?
    let projects: [ProjectRow]
    /// More projects match than are listed: the projects list has them all.
    let moreProjectsURL: String?
    let projectCount: Int
    /// The frontend's public URL, for the first commands.
    let publicURL: String

    init(builds: [BuildOverview], query: String?, projects: ListPage<Project>, publicURL: String) {
        self.builds = builds.map(BuildRow.init)
        hasBuilds = !builds.isEmpty
        self.query = query
        self.projects = projects.items.map(ProjectRow.init)
        projectCount = projects.total
        moreProjectsURL = projects.total > projects.items.count
            ? WebPath.withQuery(WebPath.projects, query.map { [("q", $0)] } ?? []) : nil
        self.publicURL = publicURL
    }
}
