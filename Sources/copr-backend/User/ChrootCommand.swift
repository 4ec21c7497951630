import ArgumentParser
import CoprCore

/// `copr-backend chroot`: the settings of one chroot of a project (copr-cli `edit-chroot`
/// and `get-chroot`).
struct ChrootCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chroot",
        abstract: "Show or change what one chroot of a project adds to its builds.",
        subcommands: [Show.self, Edit.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the settings of a chroot of a project.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Argument(help: "The chroot, e.g. fedora-41-x86_64.")
        var chroot: String

        @Flag(help: "Print the API's JSON.")
        var json = false

        func run() async throws {
            let client = try frontend.client()
            let settings = try await reportingFailure { try await client.get(ChrootCommand.path(project, chroot)) }
            guard !json else { return try settings.printAsJSON() }
            ChrootCommand.print(settings, of: project)
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the repositories, buildroot packages, rpmbuild options, isolation or bootstrap of a chroot.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Argument(help: "The chroot, e.g. fedora-41-x86_64.")
        var chroot: String

        @Option(name: .customLong("repo"), help: "A repository the chroot's builds install from: copr://OWNER/PROJECT or a URL (repeat for more; replaces the list).")
        var repos: [String] = []

        @Option(name: .customLong("packages"), help: "Packages installed into the buildroot, space-separated (replaces the list).")
        var packages: String?

        @Option(name: .customLong("with"), help: "An rpmbuild --with option (repeat for more; replaces the list).")
        var withOpts: [String] = []

        @Option(name: .customLong("without"), help: "An rpmbuild --without option (repeat for more; replaces the list).")
        var withoutOpts: [String] = []

        @Option(help: "Mock's isolation: \(TaskRules.isolations.joined(separator: ", ")).")
        var isolation: String?

        @Option(help: "Mock's bootstrap: \(TaskRules.bootstraps.joined(separator: ", ")).")
        var bootstrap: String?

        @Option(name: .customLong("bootstrap-image"), help: "The container image of Mock's bootstrap (implies --bootstrap custom_image).")
        var bootstrapImage: String?

        @Option(name: .customLong("reset"), help: "A setting back to its default, by its name in chroot show (repeat for more).")
        var reset: [String] = []

        func run() async throws {
            var changes: [String: JSONValue] = [:]
            let strings = { (values: [String]) in JSONValue.array(values.map(JSONValue.string)) }
            if !repos.isEmpty { changes["additional_repos"] = strings(repos) }
            if let packages { changes["additional_packages"] = strings(packages.split(whereSeparator: \.isWhitespace).map(String.init)) }
            if !withOpts.isEmpty { changes["with_opts"] = strings(withOpts) }
            if !withoutOpts.isEmpty { changes["without_opts"] = strings(withoutOpts) }
            if let isolation { changes["isolation"] = .string(isolation) }
            if let bootstrap { changes["bootstrap"] = .string(bootstrap) }
            if let bootstrapImage { changes["bootstrap_image"] = .string(bootstrapImage) }
            if !reset.isEmpty { changes["reset_fields"] = strings(reset) }
            guard !changes.isEmpty else { throw ValidationError("nothing to change: give a setting or --reset") }
            let client = try frontend.client()
            let settings = try await reportingFailure { try await client.send(.PATCH, ChrootCommand.path(project, chroot), .object(changes)) }
            ChrootCommand.print(settings, of: project)
        }
    }

    /// `/api/projects/<owner>/<name>/chroots/<chroot>`.
    static func path(_ project: ProjectName, _ chroot: String) -> String {
        "\(project.apiPath)/chroots/\(UserAPIClient.pathComponent(chroot))"
    }

    static func print(_ settings: JSONValue, of project: ProjectName) {
        let list = { (key: String) in (settings[key]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ") }
        Swift.print("Chroot \(settings["chroot"]?.stringValue ?? "?") of project \(project)")
        for key in ["additional_repos", "additional_packages", "with_opts", "without_opts"] { Swift.print("  \(key): \(list(key))") }
        for key in ["isolation", "bootstrap", "bootstrap_image"] {
            Swift.print("  \(key): \(settings[key]?.stringValue ?? "")")
        }
    }
}
