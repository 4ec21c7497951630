import ArgumentParser
import CoprRPMBuild
import Foundation

/// `copr-rpmbuild-cancel`: stop the detached build and everything it started.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-rpmbuild-cancel",
        abstract: "Interrupt (and after a while kill) the running build; print 'success' or 'PID <n> not found'.")

    @Option(name: [.short, .long], help: "The configuration file.")
    var config: String?

    func run() async throws {
        let configuration = try BuilderConfig.load(explicitPath: config, environment: ProcessInfo.processInfo.environment)
        do {
            print(try await Canceller(config: configuration).cancel().message)
        } catch let error as CoprRPMBuildError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
