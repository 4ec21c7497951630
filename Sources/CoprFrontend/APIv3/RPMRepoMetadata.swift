import CoprCore

/// What `/api_3/rpmrepo/<owner>/<project>/<distribution>/` answers: the project's
/// repositories as dnf5's copr plugin reads them to write a repo file (`dnf copr enable`).
///
/// ```json
/// {"results_url": "http://127.0.0.1:5007/results",
///  "repos": {"fedora-41": {"arch": {"x86_64": {"opts": {}}, "aarch64": {"opts": {}}}}},
///  "directories": {"hello": {}}, "dependencies": []}
/// ```
///
/// The plugin picks the chroot from `repos`, checks the project's directory is among
/// `directories`, and makes the base URL
/// `<results_url>/<owner>/<directory>/<distribution>-<arch>/`, which is where the
/// results tree keeps each chroot's repository. The project has one directory, its own
/// name, and no runtime dependencies or per-architecture options.
struct RPMRepoMetadata: Equatable {
    let project: Project
    let layout: ResultsLayout

    var json: JSONValue {
        var repos: [String: [String: JSONValue]] = [:]
        for chroot in project.chroots {
            let distribution = RepoFile.distribution(ofChroot: chroot)
            let arch = String(chroot.dropFirst(distribution.count + 1))
            repos[distribution, default: [:]][arch] = ["opts": [:]]
        }
        return [
            "results_url": .string(layout.baseURL),
            "repos": .object(repos.mapValues { ["arch": .object($0)] }),
            "directories": [project.name: [:]],
            "dependencies": [],
        ]
    }
}
