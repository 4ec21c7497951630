import ArgumentParser
import CoprCore

extension ProjectCommand {
    struct Fork: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fork a project: a copy with its settings, packages and newest succeeded builds, whose results the daemon copies in the background.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project to fork.")
        var project: ProjectName

        @Argument(help: "OWNER/NAME of the fork: yours, or a group's you are a member of.")
        var fork: ProjectName

        @Flag(help: "Fork into the project even though it exists (its builds stay, the forked ones are added).")
        var confirm = false

        func run() async throws {
            let client = try frontend.client()
            let body: JSONValue = ["owner": .string(fork.owner), "name": .string(fork.name), "confirm": .bool(confirm)]
            let answer = try await reportingFailure { try await client.send(.POST, project.apiPath + "/fork", body) }
            let builds = (answer["forked_builds"]?.arrayValue ?? []).map { build in
                "\(build["id"]?.intValue.map(String.init) ?? "?") (from \(build["forked_from"]?.intValue.map(String.init) ?? "?"))"
            }
            let verb = answer["created"]?.boolValue == true ? "Forked \(project) as" : "Forked \(project) into"
            print("\(verb) \(answer["project"]?["full_name"]?.stringValue ?? fork.description); the daemon copies the results (action \(answer["action"]?.intValue.map(String.init) ?? "?"))")
            print(builds.isEmpty ? "  no succeeded builds to fork" : "  builds: \(builds.joined(separator: ", "))")
            if let project = answer["project"] { ProjectCommand.printRepositories(of: project) }
        }
    }
}
