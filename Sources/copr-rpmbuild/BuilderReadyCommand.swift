import ArgumentParser
import CoprRPMBuild
import Foundation
import Logging

/// `copr-builder-ready <chroot>`: exit 0 when this builder can build the chroot.
struct BuilderReadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-builder-ready",
        abstract: "Check that this builder can build the given chroot.")

    @Argument(help: "The chroot, e.g. fedora-41-x86_64 or srpm-builds.")
    var chroot: String

    @Option(name: [.short, .long], help: "The configuration file.")
    var config: String?

    func run() throws {
        let configuration = try BuilderConfig.load(explicitPath: config, environment: ProcessInfo.processInfo.environment)
        let context = BuildContext(config: configuration, logger: Logger(label: "copr-builder-ready"))
        do {
            let method = try BuilderReadiness(context: context).check(chroot)
            print("Chroot \(chroot) can be built here with \(method)")
        } catch let error as CoprRPMBuildError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
