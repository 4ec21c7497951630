import ArgumentParser
import Foundation

/// `copr-backend logs`: the live log of one task, also while it builds.
///
/// One offset serves the whole build: a task retried on another host appends to the same
/// log, and the log stays readable after the backend compressed it.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the builder log of one task of a build; -f follows it until the task ends.")

    @OptionGroup var frontend: FrontendOptionGroup

    @Flag(name: .shortAndLong, help: "Follow the log until the task ends; exit 0 only if it succeeded.")
    var follow = false

    @Argument(help: "The build id.")
    var build: Int

    @Argument(help: "The chroot, or srpm-builds for the source build.")
    var chroot: String

    /// How often a followed log is asked for more.
    private static let pollInterval = Duration.milliseconds(500)

    func run() async throws {
        let client = try frontend.client()
        var offset = 0
        while true {
            let chunk = try await reportingFailure { try await client.log(buildID: build, chroot: chroot, offset: offset) }
            if chunk.bytes.readableBytes > 0 {
                FileHandle.standardOutput.write(Data(chunk.bytes.readableBytesView))
            }
            offset = chunk.nextOffset
            if chunk.complete || !follow && chunk.bytes.readableBytes == 0 {
                guard follow else { return }
                FileHandle.standardError.write(Data("--- build \(build) \(chroot): \(chunk.taskState)\n".utf8))
                if chunk.taskState != "succeeded" { throw ExitCode(1) }
                return
            }
            if chunk.bytes.readableBytes == 0 { try await Task.sleep(for: Self.pollInterval) }
        }
    }
}
