/// The monitor of one project: its packages × chroots matrix.
struct MonitorView: Sendable {
    let fullName: String
    let projectURL: String
    let matrix: PackageMatrix

    init(project: Project, latest: [PackageChrootBuild]) {
        fullName = project.fullName
        projectURL = WebPath.project(project)
        matrix = PackageMatrix(project: project, latest: latest)
    }
}
