import CoprCore
import Foundation

/// A project's page: what it is (its description and instructions, rendered by
/// ``SafeMarkdown``), how to install from it, its packages' newest builds and one page of
/// its builds; to those who may edit the project (as Copr does), its webhook URLs, whose
/// secret lets anyone who knows them start builds, and the link to its settings.
struct ProjectView: Sendable {
    static let pageSize = 50
    /// The packages the page lists, the first by name; the monitor pages through all.
    static let packageListLength = 25

    /// A distribution's repository file.
    struct RepoLink: Sendable {
        let distribution: String
        let url: String
    }

    /// A webhook's address (``Webhooks``), by the forge that calls it.
    struct WebhookLink: Sendable {
        let forge: String
        let url: String
    }

    /// A state the builds table may be filtered by.
    struct StateOption: Sendable {
        let name: String
        let selected: Bool
    }

    let fullName: String
    let descriptionHTML: SafeHTML?
    let instructionsHTML: SafeHTML?
    /// The homepage, when it is an http(s) URL.
    let homepage: String?
    let contact: String?
    let chroots: [String]
    /// `dnf copr enable` for this frontend.
    let enableCommand: String
    let repoFiles: [RepoLink]
    let monitorURL: String
    let packages: PackageMatrix
    let hasPackages: Bool
    /// The project's packages, and whether the page lists only the first of them.
    let packageCount: Int
    let hasMorePackages: Bool
    let packageListLength = Self.packageListLength
    let builds: [BuildRow]
    let hasBuilds: Bool
    let pager: Pager
    /// The state the builds are filtered by; nil for every state.
    let stateFilter: String?
    let stateOptions: [StateOption]
    /// Empty unless the reader may edit the project.
    let webhooks: [WebhookLink]
    let hasWebhooks: Bool
    /// The "New build" form; nil unless the reader may build in the project.
    let submit: SubmitForm?
    /// The settings page; nil unless the reader may edit the project.
    let settingsURL: String?
    /// The "Fork" page; nil for an anonymous reader.
    let forkURL: String?

    init(
        project: Project, latest: ListPage<[PackageChrootBuild]>, builds: ListPage<BuildOverview>, state: BuildStatus?,
        publicURL: String, layout: ResultsLayout, mayEdit: Bool = false, mayFork: Bool = false, submit: SubmitForm? = nil
    ) {
        fullName = project.fullName
        let settings = project.settings
        descriptionHTML = settings.description.isEmpty ? nil : SafeMarkdown.render(settings.description)
        instructionsHTML = settings.instructions.isEmpty ? nil : SafeMarkdown.render(settings.instructions)
        homepage = settings.homepage.flatMap { WebPath.isWebURL($0) ? $0 : nil }
        contact = settings.contact.flatMap { $0.isEmpty ? nil : $0 }
        chroots = project.chroots
        enableCommand = "dnf copr enable --hub \(publicURL) \(project.fullName)"
        let host = RepoFile.host(ofPublicURL: publicURL)
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        repoFiles = RepoFile.distributions(of: project).map { distribution in
            let file = RepoFile(project: project, distribution: distribution, host: host, layout: layout, dependencies: [])
            return RepoLink(distribution: distribution, url: base + file.path)
        }
        monitorURL = WebPath.monitor(project)
        packages = PackageMatrix(project: project, latest: latest.items.flatMap { $0 })
        hasPackages = !latest.items.isEmpty
        packageCount = latest.total
        hasMorePackages = latest.total > latest.items.count
        self.builds = builds.items.map(BuildRow.init)
        hasBuilds = !builds.items.isEmpty
        let query = state.map { [("state", $0.name)] } ?? []
        pager = Pager(builds, path: WebPath.project(project), query: query)
        stateFilter = state?.name
        stateOptions = BuildStatus.webFilterStates.map { StateOption(name: $0.name, selected: $0 == state) }
        webhooks = mayEdit
            ? Webhooks.urls(of: project, publicURL: publicURL).sorted { $0.key < $1.key }.map { WebhookLink(forge: $0.key, url: $0.value) } : []
        hasWebhooks = !webhooks.isEmpty
        self.submit = submit
        settingsURL = mayEdit ? WebPath.settings(project) : nil
        forkURL = mayFork ? WebPath.fork(project) : nil
    }
}

extension BuildStatus {
    /// The states a build can be in, as the builds table offers them as filters.
    static let webFilterStates: [BuildStatus] = [.running, .starting, .pending, .importing, .waiting, .failed, .succeeded, .canceled, .skipped]

    /// The state named `name` (`succeeded`), among ``webFilterStates``.
    init?(webName name: String) {
        guard let state = Self.webFilterStates.first(where: { $0.name == name }) else { return nil }
        self = state
    }
}
