import CoprCore

extension APIv3Records {
    /// A package as `/package` and `/package/list` answer it: its git source as Copr's
    /// `scm` source dict, `auto_rebuild` (Copr's `webhook_rebuild`) and, when asked for,
    /// its newest build and newest succeeded build (null otherwise).
    func package(
        _ package: Package, owner: String, project: String, latest: BuildOverview? = nil, latestSucceeded: BuildOverview? = nil
    ) -> JSONValue {
        var source: JSONValue = [:]
        if case .git(let cloneURL, let committish, let subdirectory, let spec) = package.source {
            source = [
                "type": "git", "clone_url": .string(cloneURL), "committish": .string(committish), "subdirectory": .string(subdirectory),
                "spec": .string(spec ?? ""), "source_build_method": "rpkg",
            ]
        }
        return [
            "id": .int(package.id), "name": .string(package.name), "projectname": .string(project), "ownername": .string(owner),
            "source_type": "scm", "source_dict": source, "auto_rebuild": .bool(package.webhookRebuild),
            "builds": ["latest": latest.map(build) ?? .null, "latest_succeeded": latestSucceeded.map(build) ?? .null],
        ]
    }
}
