import ArgumentParser

/// `copr-backend`: the build backend of a Copr-style RPM build farm.
@main
struct CoprBackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-backend",
        abstract: "Runs the RPM and SRPM builds of a Copr frontend, or of its own embedded one, on builder machines.",
        subcommands: [
            RunCommand.self, StatusCommand.self, ProcessBuildCommand.self, BuilderInstallCommand.self,
            ProjectCommand.self, BuildCommand.self, LogsCommand.self, UserCommand.self, GroupCommand.self,
        ]
    )
}
