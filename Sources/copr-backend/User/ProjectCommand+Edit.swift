import ArgumentParser
import CoprCore

extension ProjectCommand {
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the chroots new builds are built for, whether packages are signed, or the project's settings.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        @Option(name: .customLong("chroot"), help: "The chroots from now on (repeat for more); builds already submitted keep theirs.")
        var chroots: [String] = []

        @Flag(inversion: .prefixedNo, help: "Sign the project's packages (the deployment needs a signer).")
        var signing: Bool?

        @OptionGroup var settings: ProjectSettingsOptions

        func validate() throws {
            if chroots.isEmpty && signing == nil && settings.fields.isEmpty {
                throw ValidationError("nothing to change: give --chroot, --signing/--no-signing or a setting")
            }
        }

        func run() async throws {
            let client = try frontend.client()
            var changes = settings.fields
            if !chroots.isEmpty { changes["chroots"] = .array(chroots.map(JSONValue.string)) }
            if let signing { changes["signing"] = .bool(signing) }
            let edited = try await reportingFailure { try await client.send(.PATCH, project.apiPath, .object(changes)) }
            let chroots = (edited["chroots"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            print("Project \(project) now builds for \(chroots); signing \(edited["signing"]?.boolValue == true ? "on" : "off")")
            for line in ProjectSettingsOptions.lines(of: edited) { print(line) }
            ProjectCommand.printRepositories(of: edited)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a project with its builds and results; refused while a build of it has not ended.")

        @OptionGroup var frontend: FrontendOptionGroup

        @Argument(help: "OWNER/NAME of the project.")
        var project: ProjectName

        func run() async throws {
            let client = try frontend.client()
            _ = try await reportingFailure { try await client.send(.DELETE, project.apiPath) }
            print("Project \(project) deleted with its builds and results")
        }
    }
}
