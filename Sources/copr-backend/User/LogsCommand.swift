import ArgumentParser
import CoprCore
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
        var toldState: String?
        while true {
            let chunk = try await reportingFailure { try await client.log(buildID: build, chroot: chroot, offset: offset) }
            // Before its log begins, a followed task's state says that something happens.
            if follow, offset == 0, chunk.bytes.readableBytes == 0, !chunk.complete, toldState != chunk.taskState {
                toldState = chunk.taskState
                FileHandle.standardError.write(Data((
                    "--- build \(build) \(chroot): \(chunk.taskState); the log begins when it runs "
                        + "(copr-backend build watch \(build) says what it waits for)\n").utf8))
            }
            if chunk.bytes.readableBytes > 0 {
                FileHandle.standardOutput.write(Data(chunk.bytes.readableBytesView))
            }
            offset = chunk.nextOffset
            if chunk.complete || !follow && chunk.bytes.readableBytes == 0 {
                if offset == 0, chunk.taskState == "failed", chroot != TaskID.sourceBuildsChroot {
                    try await explainSourceFailure(client)
                }
                guard follow else { return }
                FileHandle.standardError.write(Data("--- build \(build) \(chroot): \(chunk.taskState)\n".utf8))
                if chunk.taskState != "succeeded" { throw ExitCode(1) }
                return
            }
            if chunk.bytes.readableBytes == 0 { try await Task.sleep(for: Self.pollInterval) }
        }
    }

    /// A chroot that failed without a log never ran: when its source build failed, that
    /// is said, with the end of the source build's log, where the reason is.
    private func explainSourceFailure(_ client: UserAPIClient) async throws {
        let snapshot = BuildSnapshot(try await reportingFailure { try await client.get("/api/builds/\(build)") })
        guard snapshot.tasks.first(where: \.isSourceBuild)?.state == "failed" else { return }
        let source = TaskID.sourceBuildsChroot
        let tail = try await reportingFailure { try await client.logTail(buildID: build, chroot: source) }
        var text = "--- \(chroot) never ran: the source build of build \(build) failed. The end of its log "
            + "(all of it: copr-backend logs \(build) \(source)):\n"
        for line in tail { text += "    \(line)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
