import CoprCore
import Foundation

/// Gives an rpmbuild build the BuildRequires that the task's repositories provide (the
/// project's earlier builds among them), as ``BuildDependencyPlan`` decides: the agent
/// mirrors each repository's metadata and downloads the providing packages under its URL
/// policy, dnf answers from the local copy only, and the packages are unpacked into a
/// private root that the build sees through an overlay on `/usr`. The build log names
/// what was resolved and every BuildRequire that stayed unresolved (rpmbuild `--nodeps`
/// then builds without it, relying on the host).
public struct BuildDependencies: Sendable {
    public let context: BuildContext

    /// Prepares the dependencies of `srpm` under `workDirectory` and returns the prefix
    /// that shows them to the build (empty when there is nothing to show). A repository
    /// that cannot be read is logged and left out; so is the overlay when it cannot be made.
    public func prepare(srpm: String, task: BuildTask, workDirectory: String) async throws -> [String] {
        let requirements = BuildDependencyPlan.requirements(try await context.runner.capture(
            "rpm", ["-qp", "--nosignature", "--nodigest", "--requires", srpm], timeout: context.config.timings.toolTimeout, quiet: true))
        guard !requirements.isEmpty else { return [] }
        guard ProcessRunner.isAvailable("dnf") else {
            context.logger.warning("dnf is not installed: BuildRequires are not resolved (\(requirements.joined(separator: ", ")))")
            return []
        }
        var plan = BuildDependencyPlan(repos: task.repos, srpmURL: task.srpmURL, directory: workDirectory + "/builddeps")
        try Directories.recreate(plan.directory)
        let readable = await mirrorMetadata(plan)
        plan = BuildDependencyPlan(repositories: readable, directory: plan.directory)
        var answers: [(requirement: String, provider: BuildDependencyPlan.Package?)] = []
        for (index, requirement) in requirements.enumerated() {
            answers.append((requirement, plan.asks(requirement: index) ? await provider(of: requirement, plan) : nil))
        }
        if requirements.count > BuildDependencyPlan.maximumQueries {
            context.logger.warning("Only the first \(BuildDependencyPlan.maximumQueries) of \(requirements.count) BuildRequires are looked up in the task's repositories")
        }
        var resolution = BuildDependencyPlan.resolution(answers)
        if !resolution.resolved.isEmpty {
            let leftOut = BuildDependencyPlan.adding(needed: await needed(by: resolution.resolved, plan), to: &resolution)
            if leftOut > 0 {
                context.logger.warning("\(leftOut) packages that the BuildRequires need are left out: at most \(BuildDependencyPlan.maximumPackages) are unpacked for one build")
            }
        }
        if !resolution.unresolved.isEmpty {
            context.logger.warning("BuildRequires not provided by the task's repositories (rpmbuild builds with --nodeps, relying on this host for them): \(resolution.unresolved.joined(separator: ", "))")
        }
        guard !resolution.packages.isEmpty else { return [] }
        try Directories.ensure(plan.packagesDirectory)
        try Directories.ensure(plan.root + "/usr")
        for package in resolution.packages {
            let file = plan.file(of: package)
            try await context.downloader.download(plan.url(of: package), to: file, retry: context.downloadRetry,
                                                  check: plan.repositories[package.repository].check)
            let unpack = plan.unpack(file)
            _ = try await context.runner.capture(unpack[0], Array(unpack.dropFirst()), timeout: context.config.timings.toolTimeout, quiet: true)
        }
        guard let prefix = plan.overlayPrefix(uid: getuid(), gid: getgid()) else {
            context.logger.warning("The BuildRequires \(resolution.resolved.joined(separator: ", ")) cannot be shown to the build: the path \(plan.root) cannot be an overlay; building without them")
            return []
        }
        let names = resolution.packages.map { ($0.location as NSString).lastPathComponent }
        context.logger.info("BuildRequires from the task's repositories: \(resolution.resolved.joined(separator: ", ")) (\(names.joined(separator: ", ")), unpacked over /usr for the build)")
        if !resolution.needed.isEmpty {
            let needed = resolution.needed.map { ($0.location as NSString).lastPathComponent }
            context.logger.info("Of these, needed by the BuildRequires' packages from the same repositories: \(needed.joined(separator: ", "))")
        }
        return prefix
    }

    /// Copies the metadata of each repository into the plan's mirrors; returns the
    /// repositories that could be read.
    private func mirrorMetadata(_ plan: BuildDependencyPlan) async -> [BuildDependencyPlan.Repository] {
        var readable: [BuildDependencyPlan.Repository] = []
        for (index, repository) in plan.repositories.enumerated() {
            let mirror = plan.mirror(readable.count)
            do {
                try Directories.ensure(mirror + "/repodata")
                let repomd = mirror + "/repodata/repomd.xml"
                try await context.downloader.download(repository.baseurl + "/repodata/repomd.xml", to: repomd,
                                                      retry: context.httpRetry, check: repository.check)
                for file in try BuildDependencyPlan.metadataFiles(repomd: try String(contentsOfFile: repomd, encoding: .utf8)) {
                    try await context.downloader.download(repository.baseurl + "/" + file, to: mirror + "/" + file,
                                                          retry: context.downloadRetry, check: repository.check)
                }
                readable.append(repository)
            } catch {
                try? FileManager.default.removeItem(atPath: mirror)
                context.logger.warning("Repository \(repository.id) (\(index)) cannot be read, resolving BuildRequires without it: \(error)")
            }
        }
        return readable
    }

    /// The package of the plan's repositories that provides `requirement`, if any.
    private func provider(of requirement: String, _ plan: BuildDependencyPlan) async -> BuildDependencyPlan.Package? {
        await ask(plan.query(requirement), what: "what provides \(requirement)").flatMap(plan.provider)
    }

    /// What the providers of `requirements` need from the plan's repositories, recursively.
    private func needed(by requirements: [String], _ plan: BuildDependencyPlan) async -> [BuildDependencyPlan.Package] {
        await ask(plan.neededQuery(requirements), what: "what the BuildRequires' packages need").map(plan.packages) ?? []
    }

    /// The output of a dnf query; nil (logged) when dnf fails.
    private func ask(_ query: [String], what: String) async -> String? {
        do {
            return try await context.runner.capture(
                query[0], Array(query.dropFirst()), timeout: context.config.timings.toolTimeout, quiet: true)
        } catch {
            context.logger.warning("dnf cannot tell \(what): \(error)")
            return nil
        }
    }
}
