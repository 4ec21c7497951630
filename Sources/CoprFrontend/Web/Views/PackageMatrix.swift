/// The packages of a project against its chroots, each cell the newest build of the
/// package in the chroot and its state there (Copr's monitor).
struct PackageMatrix: Sendable {
    /// One cell: the chroot, the state of the package's newest build there, and that build.
    struct Cell: Sendable {
        let chroot: String
        let state: String
        let buildID: Int?
        let buildURL: String?
    }

    /// One package: its cells in the order of ``chroots``, and its newest build overall.
    struct Row: Sendable {
        let package: String
        let version: String
        let latestBuildID: Int?
        let latestBuildURL: String?
        let cells: [Cell]
    }

    /// The project's chroots.
    let chroots: [String]
    let rows: [Row]

    init(project: Project, latest: [PackageChrootBuild]) {
        let chroots = project.chroots
        self.chroots = chroots
        rows = Dictionary(grouping: latest, by: \.packageName).sorted { $0.key < $1.key }.map { package, builds in
            let byChroot = Dictionary(builds.compactMap { build in build.chroot.map { ($0, build) } }, uniquingKeysWith: { $1 })
            let newest = builds.filter { $0.buildID != nil }.max { $0.buildID! < $1.buildID! }
            return Row(
                package: package, version: newest?.packageVersion ?? "", latestBuildID: newest?.buildID,
                latestBuildURL: newest?.buildID.map { WebPath.build(id: $0, of: project) },
                cells: chroots.map { chroot in
                    let build = byChroot[chroot]
                    return Cell(
                        chroot: chroot, state: build?.status?.name ?? "", buildID: build?.buildID,
                        buildURL: build?.buildID.map { WebPath.build(id: $0, of: project) })
                })
        }
    }
}
