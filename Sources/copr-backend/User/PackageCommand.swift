import ArgumentParser
import CoprCore
import Foundation

/// `copr-backend package`: the named packages of a project, each with the source its
/// builds come from by default: a git repository, an SRPM or spec URL, or a PyPI project
/// (copr-cli's `add-package-scm`, `add-package-pypi` and friends).
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Add, edit, list, show, build and delete the packages of a project of the embedded frontend.",
        subcommands: [Add.self, Edit.self, List.self, Show.self, Build.self, Delete.self])

    /// `OWNER/NAME` and `--name`, as every subcommand but `list` takes them.
    struct Target: ParsableArguments {
        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Option(help: "The package's name.")
        var name: String

        /// `/api/projects/<owner>/<name>/packages/<package>`.
        var apiPath: String { project.apiPath + "/packages/" + UserAPIClient.pathComponent(name) }
    }

    /// The source (a git repository, an SRPM or spec URL, or PyPI) and flag of `add` and `edit`.
    struct Source: ParsableArguments {
        @Option(help: "Build the package from the .src.rpm at this URL, fetched again for each build.")
        var srpmURL: String?
        @Option(help: "Build the package from the .spec at this URL, its sources downloaded next to it.")
        var specURL: String?
        @Option(help: "The git repository the package is built from.")
        var cloneURL: String?
        @Option(help: "The branch, tag or commit to build (default: the default branch).")
        var committish: String?
        @Option(help: "The directory of the spec within the repository.")
        var subdirectory: String?
        @Option(help: "The spec file to build, relative to --subdirectory (default: the only .spec file there).")
        var specPath: String?
        @OptionGroup var pypi: PyPIOptions
        @Option(help: "Whether a push to the repository rebuilds the package: on or off.")
        var webhookRebuild: OnOff?

        /// The `source` object with what was given over `base` (the stored source on edit).
        func source(over base: JSONValue?) -> JSONValue? {
            if let srpmURL { return ["type": "srpm_url", "url": .string(srpmURL)] }
            if let specURL { return ["type": "spec_url", "url": .string(specURL)] }
            if let source = pypi.source { return source }
            guard cloneURL != nil || committish != nil || subdirectory != nil || specPath != nil else { return nil }
            return [
                "type": "git", "clone_url": .string(cloneURL ?? base?["clone_url"]?.stringValue ?? ""),
                "committish": .string(committish ?? base?["committish"]?.stringValue ?? ""),
                "subdirectory": .string(subdirectory ?? base?["subdirectory"]?.stringValue ?? ""),
                "spec": .string(specPath ?? base?["spec"]?.stringValue ?? ""),
            ]
        }
    }

    enum OnOff: String, ExpressibleByArgument {
        case on, off
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a package built from a git repository, an SRPM or spec URL, or PyPI.")

        @OptionGroup var frontend: FrontendOptionGroup
        @OptionGroup var target: Target
        @OptionGroup var source: Source

        func validate() throws {
            let given = [source.cloneURL, source.srpmURL, source.specURL, source.pypi.pypi].compactMap { $0 }.count
            if given != 1 { throw ValidationError("give the package's source: one of --clone-url, --srpm-url, --spec-url and --pypi") }
        }

        /// What `POST …/packages` is sent.
        var body: JSONValue {
            ["name": .string(target.name), "source": source.source(over: nil) ?? .null, "webhook_rebuild": .bool(source.webhookRebuild == .on)]
        }

        func run() async throws {
            let client = try frontend.client()
            _ = try await reportingFailure { try await client.send(.POST, target.project.apiPath + "/packages", body) }
            print("Package \(target.name) added to \(target.project)")
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a package's source (repository, revision, directory, URL or PyPI project) or webhook rebuilds.")

        @OptionGroup var frontend: FrontendOptionGroup
        @OptionGroup var target: Target
        @OptionGroup var source: Source

        func validate() throws {
            if source.source(over: nil) == nil && source.webhookRebuild == nil {
                throw ValidationError("give something to change: --clone-url, --committish, --subdirectory, --spec-path, --srpm-url, --spec-url, --pypi or --webhook-rebuild")
            }
        }

        /// What `PATCH …/packages/<name>` is sent, over the package's stored `source`.
        func body(over stored: JSONValue?) -> JSONValue {
            var fields: [String: JSONValue] = [:]
            if let changed = source.source(over: stored) { fields["source"] = changed }
            if let flag = source.webhookRebuild { fields["webhook_rebuild"] = .bool(flag == .on) }
            return .object(fields)
        }

        func run() async throws {
            let client = try frontend.client()
            let stored = try await reportingFailure { try await client.get(target.apiPath) }
            _ = try await reportingFailure { try await client.send(.PATCH, target.apiPath, body(over: stored["source"])) }
            print("Package \(target.name) of \(target.project) changed")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the packages of a project with their sources and newest builds.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Flag(help: "Print the API's JSON.")
        var json = false

        func run() async throws {
            let client = try frontend.client()
            let packages = try await reportingFailure { try await client.get(project.apiPath + "/packages") }
            guard !json else {
                try packages.printAsJSON()
                return
            }
            for line in PackageCommand.lines(packages.arrayValue ?? [], project: project.description) { print(line) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a package as the API answers it (JSON).")

        @OptionGroup var frontend: FrontendOptionGroup
        @OptionGroup var target: Target

        func run() async throws {
            let client = try frontend.client()
            let package = try await reportingFailure { try await client.get(target.apiPath) }
            try package.printAsJSON()
        }
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build a package from its default source.")

        @OptionGroup var frontend: FrontendOptionGroup
        @OptionGroup var target: Target

        @Option(name: .customLong("chroot"), help: "Build only for this chroot of the project (repeat for more).")
        var chroots: [String] = []
        @Flag(help: "Let every other build go first.")
        var background = false
        @Option(help: "Seconds one chroot may build (default: 18000).")
        var timeout: Int?
        @Flag(help: "Print only the build id.")
        var quiet = false
        @Flag(help: "Follow the build until it ends, as build watch does; exit 0 only if it succeeded.")
        var wait = false

        /// What `POST …/packages/<name>/builds` is sent.
        var body: JSONValue {
            var fields: [String: JSONValue] = ["background": .bool(background)]
            if !chroots.isEmpty { fields["chroots"] = .array(chroots.map(JSONValue.string)) }
            if let timeout { fields["timeout"] = .int(timeout) }
            return .object(fields)
        }

        func run() async throws {
            let client = try frontend.client()
            let build = try await reportingFailure { try await client.send(.POST, target.apiPath + "/builds", body) }
            BuildCommand.announce(build, quiet: quiet, waiting: wait)
            if wait { try await BuildFollower(client: client, buildID: build["id"]?.intValue ?? 0).follow() }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a package; its builds stay unless --with-builds.")

        @OptionGroup var frontend: FrontendOptionGroup
        @OptionGroup var target: Target

        @Flag(help: "Delete the package's builds and their results too (none may still run).")
        var withBuilds = false

        func run() async throws {
            let client = try frontend.client()
            let path = target.apiPath + (withBuilds ? "?with_builds=true" : "")
            let deleted = try await reportingFailure { try await client.send(.DELETE, path) }
            let builds = (deleted["deleted_builds"]?.arrayValue ?? []).compactMap(\.intValue)
            print("Package \(target.name) deleted" + (builds.isEmpty ? "" : " with builds \(builds.map(String.init).joined(separator: ", "))"))
        }
    }

    /// `package list` as text: a header and a line per package (its git repository, URL or
    /// PyPI project), or a line saying there is none.
    static func lines(_ packages: [JSONValue], project: String) -> [String] {
        guard !packages.isEmpty else { return ["No packages in \(project) yet; add one with copr-backend package add \(project) --name NAME --clone-url URL"] }
        let rows = packages.map { package -> [String] in
            let source = package["source"]
            let revision = source?["committish"]?.stringValue.flatMap { $0.isEmpty ? nil : "@" + $0 } ?? ""
            let directory = source?["subdirectory"]?.stringValue.flatMap { $0.isEmpty ? nil : " (" + $0 + ")" } ?? ""
            // A PyPI project as pip names a release: `pypi:tinypkg==1.0`, or the name alone for the newest.
            let pypi = source?["pypi_package_name"]?.stringValue.map { name in
                "pypi:" + name + (source?["pypi_package_version"]?.stringValue.map { "==" + $0 } ?? "")
            }
            return [
                package["name"]?.stringValue ?? "?", (source?["clone_url"]?.stringValue ?? source?["url"]?.stringValue ?? pypi ?? "?") + revision + directory,
                package["latest_build"]?.intValue.map(String.init) ?? "-",
            ]
        }
        return BuildTable.aligned([["PACKAGE", "SOURCE", "LATEST BUILD"]] + rows)
    }
}
