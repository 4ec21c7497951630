import ArgumentParser
import CoprCore
import Foundation

/// `copr-backend build`: submit builds to the embedded frontend and follow them.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Submit, follow, list, show, cancel, resubmit, download and delete builds of the embedded frontend.",
        subcommands: [
            Submit.self, Watch.self, List.self, Show.self, Cancel.self, Resubmit.self, Download.self, Delete.self,
        ])

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a build from a local .src.rpm or .spec, an SRPM or spec URL, a git repository or PyPI.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Option(help: "Upload this local .src.rpm.")
        var srpm: String?
        @Option(help: "Upload this local .spec (its sources must be URLs or none).")
        var spec: String?
        @Option(help: "Build the .src.rpm at this URL.")
        var srpmURL: String?
        @Option(help: "Build the .spec at this URL, with its sources downloaded next to it.")
        var specURL: String?
        @Option(help: "Build from this git repository.")
        var git: String?
        @Option(help: "The branch, tag or commit of --git (default: the default branch).")
        var committish: String?
        @Option(help: "The directory of the spec within --git.")
        var subdirectory: String?
        @Option(help: "The spec file to build, relative to --subdirectory (default: the only .spec file there).")
        var specPath: String?
        @OptionGroup var pypi: PyPIOptions

        @Option(name: .customLong("chroot"), help: "Build only for this chroot of the project (repeat for more).")
        var chroots: [String] = []
        @Flag(help: "Let every other build go first.")
        var background = false
        @Option(help: "Seconds one chroot may build (default: 18000).")
        var timeout: Int?
        @Option(help: "Who submits (default: the owner).")
        var submitter: String?
        @Option(name: .customLong("enable-net"), help: "Whether the build may use the network: on or off (default: the project's setting).")
        var enableNet: OnOff?
        @Option(help: "Start only once every build of the batch of this build has ended (a new batch after it).")
        var afterBuildID: Int?
        @Option(help: "Go into the batch of this build: start with it, before the builds after that batch.")
        var withBuildID: Int?

        @Flag(help: "Print only the build id.")
        var quiet = false
        @Flag(help: "Follow the build until it ends, as build watch does; exit 0 only if it succeeded.")
        var wait = false

        /// The files given are checked here; the count of sources in `run()`, since
        /// argument-parser reports an unknown option (a typo of one: `--srmp`) only after
        /// this passed, and that is the real problem then.
        func validate() throws {
            if afterBuildID != nil && withBuildID != nil {
                throw ValidationError("give either --after-build-id or --with-build-id, not both: a build goes into one batch")
            }
            if git == nil && (committish != nil || subdirectory != nil || specPath != nil) {
                throw ValidationError("--committish, --subdirectory and --spec-path belong to --git")
            }
            if let srpm { try LocalSource.check(srpm, option: "--srpm") }
            if let spec { try LocalSource.checkSpec(spec) }
        }

        func run() async throws {
            guard [srpm, spec, srpmURL, specURL, git, pypi.pypi].compactMap({ $0 }).count == 1 else {
                FileHandle.standardError.write(Data((
                    "Error: give exactly one source: --srpm, --spec, --srpm-url, --spec-url, --git or --pypi\n"
                        + "  See 'copr-backend build submit --help' for more information.\n").utf8))
                throw ExitCode.validationFailure
            }
            let client = try frontend.client()
            let build = try await reportingFailure {
                if let file = srpm ?? spec {
                    return try await client.upload(uploadPath(filename: (file as NSString).lastPathComponent), file: file)
                }
                var submission: [String: JSONValue] = ["source": source(), "background": .bool(background)]
                if !chroots.isEmpty { submission["chroots"] = .array(chroots.map(JSONValue.string)) }
                if let timeout { submission["timeout"] = .int(timeout) }
                if let submitter { submission["submitter"] = .string(submitter) }
                if let enableNet { submission["enable_net"] = .bool(enableNet == .on) }
                for (field, id) in order { submission[field] = .int(id) }
                return try await client.send(.POST, project.apiPath + "/builds", .object(submission))
            }
            BuildCommand.announce(build, quiet: quiet, waiting: wait)
            if wait { try await BuildFollower(client: client, buildID: build["id"]?.intValue ?? 0).follow() }
        }

        /// The `source` object of the submission.
        func source() -> JSONValue {
            if let srpmURL { return ["type": "srpm_url", "url": .string(srpmURL)] }
            if let specURL { return ["type": "spec_url", "url": .string(specURL)] }
            if let source = pypi.source { return source }
            return [
                "type": "git", "clone_url": .string(git ?? ""), "committish": .string(committish ?? ""),
                "subdirectory": .string(subdirectory ?? ""), "spec": .string(specPath ?? ""),
            ]
        }

        /// `after_build_id` or `with_build_id`, as given.
        private var order: [(String, Int)] {
            [("after_build_id", afterBuildID), ("with_build_id", withBuildID)].compactMap { field, id in id.map { (field, $0) } }
        }

        private func uploadPath(filename: String) -> String {
            var query = [("filename", filename), ("background", background ? "true" : "false")]
            if !chroots.isEmpty { query.append(("chroots", chroots.joined(separator: ","))) }
            if let timeout { query.append(("timeout", String(timeout))) }
            if let submitter { query.append(("submitter", submitter)) }
            if let enableNet { query.append(("enable_net", enableNet == .on ? "true" : "false")) }
            for (field, id) in order { query.append((field, String(id))) }
            var components = URLComponents()
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            return project.apiPath + "/builds/upload?" + (components.percentEncodedQuery ?? "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the builds of a project, of an owner, or of every project.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project (default: every project).")
        var project: ProjectName?

        @Option(help: "Only the builds of this owner's projects.")
        var owner: String?

        @Option(help: "Only the newest N builds.")
        var limit: Int?

        @Option(help: "Only the builds of this package.")
        var package: String?

        @Flag(help: "Print the API's JSON.")
        var json = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more, not \(limit)") }
            if let owner, let project, owner != project.owner {
                throw ValidationError("\(project) is not a project of --owner \(owner)")
            }
        }

        /// The frontend picks the builds of a project, an owner or a package: only those are sent.
        var listPath: String {
            var query = URLComponents()
            let items = [("owner", project == nil ? owner : nil), ("package", package)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            query.queryItems = items.isEmpty ? nil : items
            return (project.map { $0.apiPath + "/builds" } ?? "/api/builds") + (query.percentEncodedQuery.map { "?" + $0 } ?? "")
        }

        func run() async throws {
            let client = try frontend.client()
            let path = listPath
            let builds = try await reportingFailure { try await client.get(path) }.arrayValue ?? []
            let table = BuildTable(limit: limit)
            if json {
                try JSONValue.array(table.selected(builds)).printAsJSON()
            } else {
                for line in table.lines(builds, scope: project?.description ?? owner.map { "the projects of \($0)" }) { print(line) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a build: the state, times and results of its source build and of each chroot.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The build id.")
        var id: Int

        @Flag(help: "Print the API's JSON.")
        var json = false

        func run() async throws {
            let client = try frontend.client()
            let build = try await reportingFailure { try await client.get("/api/builds/\(id)") }
            if json {
                try build.printAsJSON()
                return
            }
            let package = [build["package_name"]?.stringValue, build["package_version"]?.stringValue].compactMap { $0 }
            print("Build \(id) in \(build["project"]?.stringValue ?? "?"): \(build["state"]?.stringValue ?? "?")")
            if !package.isEmpty { print("  package: \(package.joined(separator: "-"))") }
            print("  submitted: \(Self.time(build["submitted_on"])) by \(build["submitter"]?.stringValue ?? "?")")
            let describe = TaskDescription(now: Date().timeIntervalSince1970) { Self.time(.double($0)) }
            // One line per task, its results URL on the next.
            for task in BuildSnapshot(build).tasks {
                print("  \(task.name): \(describe.describe(task))")
                if let url = task.resultURL { print("    \(url)") }
            }
        }

        private static func time(_ value: JSONValue?) -> String {
            guard let seconds = value?.doubleValue else { return "-" }
            return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a build that has not ended.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The build id.")
        var id: Int

        func run() async throws {
            let client = try frontend.client()
            let build = try await reportingFailure { try await client.send(.POST, "/api/builds/\(id)/cancel") }
            print("Build \(id): \(build["state"]?.stringValue ?? "canceled")")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a build that has ended, with its results; its repositories are regenerated.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The build id.")
        var id: Int

        func run() async throws {
            let client = try frontend.client()
            _ = try await reportingFailure { try await client.send(.DELETE, "/api/builds/\(id)") }
            print("Build \(id) deleted")
        }
    }
}
