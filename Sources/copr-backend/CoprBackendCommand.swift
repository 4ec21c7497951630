import ArgumentParser
import CoprFrontend

/// `copr-backend`: the build backend of a Copr-style RPM build farm.
@main
struct CoprBackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-backend",
        abstract: "Runs the RPM and SRPM builds of a Copr frontend, or of its own embedded one, on builder machines.",
        version: CoprBackendCommand.version,
        subcommands: [
            RunCommand.self, StatusCommand.self, ProcessBuildCommand.self, BuilderInstallCommand.self,
            ProjectCommand.self, PackageCommand.self, BuildCommand.self, LogsCommand.self, ChrootsCommand.self, ChrootCommand.self, UserCommand.self,
            GroupCommand.self,
        ]
    )

    /// This program's version, with the version of the Copr backend API its embedded
    /// frontend serves.
    static let version = "copr-backend 0.14.0 (Copr backend API \(BackendAPI.version))"
}
