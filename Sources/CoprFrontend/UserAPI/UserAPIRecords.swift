import CoprCore
import Foundation

/// Projects and builds as the user API shows them (docs/USER-API.md): names, states and
/// UNIX times, with the URLs a user follows: the results of the project and of each task,
/// and the project's DNF repository files.
struct UserAPIRecords: Sendable {
    let layout: ResultsLayout
    /// The frontend's base URL, without a trailing slash.
    let publicURL: String
    /// UNIX time now: `delete_after_days` counts from it.
    let clock: @Sendable () -> Double

    /// `owner`, `name`, `full_name`, `chroots`, `signing`, `created_on`, `results_url`,
    /// `repo_files` (distribution → URL of its `.repo` file) and the settings:
    /// `description`, `instructions`, `homepage`, `contact`, `additional_repos`,
    /// `runtime_dependencies`, `enable_net`, `delete_after` (UNIX time or null) and
    /// `delete_after_days` (days left, as Copr counts them).
    func project(_ project: Project) -> JSONValue {
        let settings = project.settings
        var repoFiles: [String: JSONValue] = [:]
        for distribution in RepoFile.distributions(of: project) {
            let repoFile = RepoFile(project: project, distribution: distribution, host: RepoFile.host(ofPublicURL: publicURL), layout: layout)
            repoFiles[distribution] = .string(publicURL + repoFile.path)
        }
        return [
            "owner": .string(project.owner), "name": .string(project.name), "full_name": .string(project.fullName),
            "chroots": .array(project.chroots.map(JSONValue.string)), "signing": .bool(project.signingEnabled),
            "created_on": .double(project.createdOn),
            "results_url": .string(layout.url(layout.projectDirectory(project), directory: true)),
            "repo_files": .object(repoFiles),
            "description": .string(settings.description), "instructions": .string(settings.instructions),
            "homepage": settings.homepage.map(JSONValue.string) ?? .null, "contact": settings.contact.map(JSONValue.string) ?? .null,
            "additional_repos": Self.strings(settings.additionalRepos),
            "runtime_dependencies": Self.strings(settings.runtimeDependencies), "enable_net": .bool(settings.enableNet),
            "delete_after": settings.deleteAfter.map(JSONValue.double) ?? .null,
            "delete_after_days": settings.deleteAfterDays(now: clock()).map(JSONValue.int) ?? .null,
        ]
    }

    /// The settings of `chroot` of a project: `chroot`, `additional_repos`,
    /// `additional_packages`, `with_opts`, `without_opts`, `isolation`, `bootstrap`,
    /// `bootstrap_image`, as Copr names them.
    func chroot(_ chroot: String, _ settings: ChrootSettings) -> JSONValue {
        [
            "chroot": .string(chroot), "additional_repos": Self.strings(settings.additionalRepos),
            "additional_packages": Self.strings(settings.buildrootPackages), "with_opts": Self.strings(settings.withOpts),
            "without_opts": Self.strings(settings.withoutOpts), "isolation": .string(settings.isolation),
            "bootstrap": .string(settings.bootstrap), "bootstrap_image": settings.bootstrapImage.map(JSONValue.string) ?? .null,
        ]
    }

    private static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// The build with its whole state, its source build and its chroots, each with the
    /// URL of its result directory (null while the directory is not known) and, for a task
    /// the daemon holds back or that waits for an earlier batch, its `queue_position` and
    /// what it is `waiting_for` (both null otherwise), and the `batch_id` of its batch
    /// (null for none).
    func build(_ overview: BuildOverview, places: [TaskID: QueuePlace] = [:]) -> JSONValue {
        let project = overview.project, build = overview.build
        var sourceBuild: JSONValue = [
            "state": .string(build.sourceStatus.name), "started_on": Self.time(build.startedOn),
            "ended_on": Self.time(build.endedOn), "result_url": resultURL(overview, chroot: nil),
        ]
        Self.add(places[.source(buildID: build.id)], to: &sourceBuild)
        let chroots = overview.chroots.map { chroot -> JSONValue in
            var task: JSONValue = [
                "name": .string(chroot.chroot), "state": .string(chroot.status.name), "started_on": Self.time(chroot.startedOn),
                "ended_on": Self.time(chroot.endedOn), "result_url": resultURL(overview, chroot: chroot),
            ]
            Self.add(places[chroot.taskID], to: &task)
            return task
        }
        return [
            "id": .int(build.id), "project": .string(project.fullName), "owner": .string(project.owner),
            "project_name": .string(project.name), "submitter": .string(build.submitter), "state": .string(overview.state.name),
            "source": Self.source(build.source), "package_name": Self.text(build.packageName),
            "package_version": Self.text(build.packageVersion), "submitted_on": .double(build.submittedOn),
            "started_on": Self.time(build.startedOn), "ended_on": Self.time(overview.endedOn),
            "source_build": sourceBuild, "chroots": .array(chroots), "batch_id": build.batchID.map(JSONValue.int) ?? .null,
        ]
    }

    /// The source as a user submits it; an upload shows its URL and file name.
    static func source(_ source: BuildSource) -> JSONValue {
        switch source {
        case .srpmURL(let url): ["type": "srpm_url", "url": .string(url)]
        case .specURL(let url): ["type": "spec_url", "url": .string(url)]
        case .git(let cloneURL, let committish, let subdirectory, let spec):
            .object(
                ["type": "git", "clone_url": .string(cloneURL), "committish": .string(committish), "subdirectory": .string(subdirectory)]
                    .merging(spec.map { ["spec": .string($0)] } ?? [:]) { $1 })
        case .upload(let name, let url):
            ["type": "upload", "url": .string(url), "filename": .string((name as NSString).lastPathComponent)]
        case .pypi(let pypi):
            .object((pypi.sourceJSON.objectValue ?? [:]).merging(["type": "pypi"]) { $1 })
        }
    }

    private func resultURL(_ overview: BuildOverview, chroot: BuildChroot?) -> JSONValue {
        guard let directory = layout.taskDirectory(project: overview.project, build: overview.build, chroot: chroot) else { return .null }
        return .string(layout.url(directory, directory: true))
    }

    private static func add(_ place: QueuePlace?, to task: inout JSONValue) {
        guard case .object(var fields) = task else { return }
        fields["queue_position"] = place?.position.map(JSONValue.int) ?? .null
        fields["waiting_for"] = place.map { .string($0.waitingFor) } ?? .null
        task = .object(fields)
    }

    private static func time(_ seconds: Double?) -> JSONValue { seconds.map(JSONValue.double) ?? .null }
    private static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}
