import ArgumentParser

/// `copr-backend`: the build backend of a Copr-style RPM build farm.
@main
struct CoprBackendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-backend",
        abstract: "Runs RPM and SRPM build tasks of a Copr frontend on builder machines.",
        subcommands: [
            RunCommand.self, StatusCommand.self, ProcessBuildCommand.self, BuilderInstallCommand.self,
            ProjectCommand.self, BuildCommand.self, LogsCommand.self,
        ]
    )
}
