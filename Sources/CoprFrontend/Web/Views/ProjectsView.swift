/// The projects list: every project, or those whose owner or name holds the search.
struct ProjectsView: Sendable {
    static let pageSize = 50

    /// The search as the reader typed it; nil for none.
    let query: String?
    let projects: [ProjectRow]
    let pager: Pager

    init(query: String?, projects: ListPage<Project>) {
        self.query = query
        self.projects = projects.items.map(ProjectRow.init)
        pager = Pager(projects, path: WebPath.projects, query: query.map { [("q", $0)] } ?? [])
    }
}
