import ArgumentParser
import CoprRPMBuild
import Foundation

/// `copr-rpmbuild-log`: follow `main.log` until the build's log filter ends.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-rpmbuild-log",
        abstract: "Print the log of the detached build and follow it until the build ends.")

    @Option(name: [.short, .long], help: "The configuration file.")
    var config: String?

    func run() async throws {
        let configuration = try BuilderConfig.load(explicitPath: config, environment: ProcessInfo.processInfo.environment)
        let follower = LogFollower(config: configuration)
        guard let loggerPID = await follower.waitForFiles() else {
            print("Unable to wait for copr-rpmbuild process, exit.")
            throw ExitCode.failure
        }
        follower.execTail(loggerPID: loggerPID)
    }
}
