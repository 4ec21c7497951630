import ArgumentParser
import CoprCore

extension BuildCommand {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a build until it ends: each task's changes, what a waiting task waits for, the end of a failed log.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The build id.")
        var id: Int

        func run() async throws {
            try await BuildFollower(client: try frontend.client(), buildID: id).follow()
        }
    }

    struct Resubmit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a new build with the source, chroots and options of an earlier one.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "The id of the build to submit again.")
        var id: Int

        @Flag(help: "Print only the new build id.")
        var quiet = false
        @Flag(help: "Follow the new build until it ends; exit 0 only if it succeeded.")
        var wait = false

        func run() async throws {
            let client = try frontend.client()
            let build = try await reportingFailure { try await client.send(.POST, "/api/builds/\(id)/resubmit") }
            BuildCommand.announce(build, quiet: quiet, waiting: wait)
            if wait { try await BuildFollower(client: client, buildID: build["id"]?.intValue ?? 0).follow() }
        }
    }

    /// The id alone (`--quiet`), or where the new build went and how to follow it.
    static func announce(_ build: JSONValue, quiet: Bool, waiting: Bool) {
        let id = build["id"]?.intValue ?? 0
        guard !quiet else {
            print(id)
            return
        }
        let chroots = (build["chroots"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        print("Build \(id) submitted to \(build["project"]?.stringValue ?? "?") for \(chroots.joined(separator: ", "))")
        if !waiting { print("Follow it with: copr-backend build watch \(id)") }
    }
}
