/// A build as a line of a builds table: what it builds, its state and each chroot's.
struct BuildRow: Sendable {
    /// A chroot's state in the line.
    struct ChrootState: Sendable {
        let chroot: String
        let state: String
    }

    let id: Int
    let url: String
    let project: String
    let projectURL: String
    /// The package name once known, else empty.
    let package: String
    let version: String
    let state: String
    let submitter: String
    let submitted: String
    let ended: String
    let chroots: [ChrootState]

    init(_ overview: BuildOverview) {
        id = overview.build.id
        url = WebPath.build(overview)
        project = overview.project.fullName
        projectURL = WebPath.project(overview.project)
        package = overview.build.packageName ?? ""
        version = overview.build.packageVersion ?? ""
        state = overview.state.name
        submitter = overview.build.submitter
        submitted = WebTime.text(overview.build.submittedOn)
        ended = WebTime.text(overview.endedOn)
        chroots = overview.chroots.map { ChrootState(chroot: $0.chroot, state: $0.status.name) }
    }
}
