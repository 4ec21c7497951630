import ArgumentParser
import CoprCore

/// `copr-backend project`: the embedded frontend's projects.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Create, list, show, edit, fork and delete projects of the embedded frontend.",
        subcommands: [Create.self, List.self, Show.self, Edit.self, Fork.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project that builds for the given chroots.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the new project.")
        var project: ProjectName

        @Option(name: .customLong("chroot"), help: "A chroot to build for, e.g. fedora-41-x86_64 (repeat for more).")
        var chroots: [String]

        @Flag(help: "Sign the project's packages with its own key.")
        var signing = false

        @OptionGroup var settings: ProjectSettingsOptions

        func run() async throws {
            let client = try frontend.client()
            var body = settings.fields
            body["owner"] = .string(project.owner)
            body["name"] = .string(project.name)
            body["chroots"] = .array(chroots.map(JSONValue.string))
            body["signing"] = .bool(signing)
            let created = try await reportingFailure { try await client.send(.POST, "/api/projects", .object(body)) }
            print("Project \(created["full_name"]?.stringValue ?? project.description) created")
            ProjectCommand.printRepositories(of: created)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every project with its chroots.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Flag(help: "Print the API's JSON.")
        var json = false

        func run() async throws {
            let client = try frontend.client()
            let projects = try await reportingFailure { try await client.get("/api/projects") }
            guard !json else {
                try projects.printAsJSON()
                return
            }
            let rows = (projects.arrayValue ?? []).map { project in
                [project["full_name"]?.stringValue ?? "?",
                 (project["chroots"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")]
            }
            guard !rows.isEmpty else {
                print("No projects yet; create one with copr-backend project create OWNER/NAME --chroot CHROOT")
                return
            }
            for line in BuildTable.aligned([["PROJECT", "CHROOTS"]] + rows) { print(line) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a project: its chroots, settings and repositories.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Flag(help: "Print the API's JSON.")
        var json = false

        func run() async throws {
            let client = try frontend.client()
            let shown = try await reportingFailure { try await client.get(project.apiPath) }
            guard !json else { return try shown.printAsJSON() }
            let chroots = (shown["chroots"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            print("Project \(shown["full_name"]?.stringValue ?? project.description) builds for \(chroots)")
            print("  signing: \(shown["signing"]?.boolValue == true ? "on" : "off")")
            for line in ProjectSettingsOptions.lines(of: shown) { print(line) }
            ProjectCommand.printRepositories(of: shown)
            // Only those who may edit the project are answered its webhook URLs.
            for (forge, url) in (shown["webhook_urls"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                print("  webhook (\(forge)): \(url.stringValue ?? "?")")
            }
        }
    }

    /// The `.repo` file of each distribution: what `dnf config-manager --add-repo` takes.
    static func printRepositories(of project: JSONValue) {
        if let results = project["results_url"]?.stringValue { print("  results: \(results)") }
        for (distribution, url) in (project["repo_files"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            print("  \(distribution): \(url.stringValue ?? "?")")
        }
    }
}

/// `OWNER/NAME` on the command line.
struct ProjectName: ExpressibleByArgument, CustomStringConvertible {
    var owner: String
    var name: String

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        owner = String(parts[0])
        name = String(parts[1])
    }

    var description: String { "\(owner)/\(name)" }

    /// `/api/projects/<owner>/<name>`.
    var apiPath: String {
        "/api/projects/\(UserAPIClient.pathComponent(owner))/\(UserAPIClient.pathComponent(name))"
    }
}
