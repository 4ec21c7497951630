import CoprCore

extension APIv3Records {
    /// A package as `/package` and `/package/list` answer it: its source as Copr's source
    /// dict (`scm`, `link` or `pypi`), `auto_rebuild` (Copr's `webhook_rebuild`) and, when asked for,
    /// its newest build and newest succeeded build (null otherwise).
    func package(
        _ package: Package, owner: String, project: String, latest: BuildOverview? = nil, latestSucceeded: BuildOverview? = nil
    ) -> JSONValue {
        // Copr's `scm` source dict for git, and its `link` source (`{"url"}`) for a URL.
        let (sourceType, source): (String, JSONValue)
        switch package.source {
        case .git(let cloneURL, let committish, let subdirectory, let spec):
            (sourceType, source) = ("scm", [
                "type": "git", "clone_url": .string(cloneURL), "committish": .string(committish), "subdirectory": .string(subdirectory),
                "spec": .string(spec ?? ""), "source_build_method": "rpkg",
            ])
        case .srpmURL(let url), .specURL(let url):
            (sourceType, source) = ("link", ["url": .string(url)])
        case .pypi(let pypi):
            (sourceType, source) = ("pypi", pypi.sourceJSON)
        case .upload:
            (sourceType, source) = ("upload", [:])
        }
        return [
            "id": .int(package.id), "name": .string(package.name), "projectname": .string(project), "ownername": .string(owner),
            "source_type": .string(sourceType), "source_dict": source, "auto_rebuild": .bool(package.webhookRebuild),
            "builds": ["latest": latest.map(build) ?? .null, "latest_succeeded": latestSucceeded.map(build) ?? .null],
        ]
    }
}
