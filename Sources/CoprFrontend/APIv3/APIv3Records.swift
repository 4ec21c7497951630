import CoprCore
import Foundation

/// The embedded frontend's projects, builds and chroots in the shapes of Copr's API v3,
/// which copr-cli and python-copr read (docs/COMPATIBILITY.md). Everything Copr has and
/// this frontend does not (a project's own bootstrap and isolation settings, Pulp
/// storage, modules) is answered with Copr's default, so that a client finds every
/// field it reads.
struct APIv3Records: Sendable {
    let layout: ResultsLayout
    /// UNIX time now: `delete_after_days` counts from it.
    let clock: @Sendable () -> Double

    /// A project as `/project` and `/project/list` answer it. `chroot_repos` names each
    /// chroot's repository in the results tree.
    func project(_ project: Project) -> JSONValue {
        let directory = layout.projectDirectory(project), settings = project.settings
        var repositories: [String: JSONValue] = [:]
        for chroot in project.chroots {
            repositories[chroot] = .string(layout.url("\(directory)/\(chroot)", directory: true))
        }
        return [
            "id": .int(project.id), "name": .string(project.name), "projectname": .string(project.name),
            "ownername": .string(project.owner), "full_name": .string(project.fullName),
            "description": .string(settings.description), "instructions": .string(settings.instructions),
            "homepage": Self.text(settings.homepage), "contact": Self.text(settings.contact),
            "chroot_repos": .object(repositories), "additional_repos": Self.strings(settings.additionalRepos),
            "enable_net": .bool(settings.enableNet),
            "runtime_dependencies": .string(settings.runtimeDependencies.joined(separator: " ")),
            "delete_after_days": settings.deleteAfterDays(now: clock()).map(JSONValue.int) ?? .null,
            "devel_mode": false, "persistent": false, "unlisted_on_hp": false, "auto_prune": true,
            "bootstrap": "default", "isolation": "default", "module_hotfixes": false, "appstream": false,
            "packit_forge_projects_allowed": [], "follow_fedora_branching": false, "repo_priority": .null,
            "storage": "backend",
        ]
    }

    /// A build as `/build/<id>` and `/build/list` answer it: the whole build's state and
    /// times (the earliest start, the last end once every task ended), and the source
    /// package once the source build found it out.
    func build(_ overview: BuildOverview) -> JSONValue {
        let project = overview.project, build = overview.build
        let starts = ([build.startedOn] + overview.chroots.map(\.startedOn)).compactMap { $0 }
        return [
            "id": .int(build.id), "state": .string(overview.state.name),
            "ownername": .string(project.owner), "projectname": .string(project.name), "project_dirname": .string(project.name),
            "repo_url": .string(layout.url(layout.projectDirectory(project))),
            "source_package": [
                "name": Self.text(build.packageName), "version": Self.text(build.packageVersion), "url": Self.text(build.srpmURL),
            ],
            "submitter": .string(build.submitter), "submitted_on": Self.time(build.submittedOn),
            "started_on": Self.time(starts.min()), "ended_on": Self.time(overview.endedOn),
            "chroots": .array(overview.chroots.map { .string($0.chroot) }), "is_background": .bool(build.background),
        ]
    }

    /// One chroot of a build as `/build-chroot` and `/build-chroot/list` answer it. Its
    /// `result_url` is null until the backend has named the result directory, as Copr's:
    /// before that there is nothing to download.
    func buildChroot(_ chroot: BuildChroot, of overview: BuildOverview) -> JSONValue {
        [
            "name": .string(chroot.chroot), "state": .string(chroot.status.name),
            "started_on": Self.time(chroot.startedOn), "ended_on": Self.time(chroot.endedOn),
            "result_url": resultURL(overview, chroot: chroot),
        ]
    }

    /// The source build of a build, as `/build/source-chroot/<id>` answers it.
    func sourceChroot(_ overview: BuildOverview) -> JSONValue {
        ["state": .string(overview.build.sourceStatus.name), "result_url": resultURL(overview, chroot: nil)]
    }

    /// A chroot of a project with its settings, as `/project-chroot` (copr-cli
    /// `get-chroot`) and `project-chroot/edit` answer it.
    func projectChroot(_ chroot: String, _ settings: ChrootSettings, of project: Project) -> JSONValue {
        [
            "mock_chroot": .string(chroot), "ownername": .string(project.owner), "projectname": .string(project.name),
            "comps_name": .null, "additional_repos": Self.strings(settings.additionalRepos),
            "additional_packages": Self.strings(settings.buildrootPackages), "additional_modules": [],
            "with_opts": Self.strings(settings.withOpts), "without_opts": Self.strings(settings.withoutOpts),
            "delete_after_days": .null, "isolation": .string(settings.isolation), "bootstrap": .string(settings.bootstrap),
            "bootstrap_image": Self.text(settings.bootstrapImage),
        ]
    }

    /// `/mock-chroots/list`: chroot name → comment. The chroots the deployment offers; a
    /// frontend that accepts any `<distro>-<version>-<arch>` of a Copr architecture lists
    /// the chroots its projects are built for.
    static func mockChroots(offer: ChrootOffer?, projects: [Project]) -> JSONValue {
        let names = offer?.chroots ?? projects.flatMap(\.chroots)
        return .object(Dictionary(names.map { ($0, JSONValue.string("")) }) { first, _ in first })
    }

    /// The URL of a task's result directory once the backend reported it (the source
    /// build's once it has one), null before.
    private func resultURL(_ overview: BuildOverview, chroot: BuildChroot?) -> JSONValue {
        let reported = chroot.map { $0.resultDir != nil } ?? (overview.build.sourceResultDir != nil)
        guard reported, let directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: chroot) else {
            return .null
        }
        return .string(layout.url(directory, directory: true))
    }

    /// Copr's times are whole UNIX seconds.
    private static func time(_ seconds: Double?) -> JSONValue { seconds.map { .int(Int($0.rounded(.down))) } ?? .null }
    private static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    private static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
