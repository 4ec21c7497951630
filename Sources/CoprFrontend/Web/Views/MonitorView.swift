/// The monitor of one project: one page of its packages × chroots matrix.
struct MonitorView: Sendable {
    /// Packages per page.
    static let pageSize = 100

    let fullName: String
    let projectURL: String
    let matrix: PackageMatrix
    let pager: Pager

    init(project: Project, packages: ListPage<[PackageChrootBuild]>) {
        fullName = project.fullName
        projectURL = WebPath.project(project)
        matrix = PackageMatrix(project: project, latest: packages.items.flatMap { $0 })
        pager = Pager(packages, path: WebPath.monitor(project), query: [])
    }
}
