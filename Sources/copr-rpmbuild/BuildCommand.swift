import ArgumentParser
import CoprRPMBuild
import Foundation
import Logging
import UnixSignals

/// `copr-rpmbuild`: build the SRPM (`--srpm`) or the RPMs of one task, in the foreground or
/// `--detached` as the backend runs it. Options are upstream's.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copr-rpmbuild",
        abstract: "Build the SRPM or RPMs of a Copr task on this builder.",
        discussion: "Other entry points: copr-rpmbuild-log, copr-rpmbuild-cancel, copr-builder-ready <chroot> (as symlinks to this program, or as the subcommands log, cancel, builder-ready).",
        version: CoprRPMBuildVersion.current)

    @Flag(name: [.short, .long], help: "Run in the background as a new session; log into the configured logfile.")
    var detached = false

    @Flag(name: [.short, .long], help: "Log debugging information.")
    var verbose = false

    @Option(name: [.customShort("r"), .long], help: "The chroot to build in (e.g. fedora-41-x86_64); overrides the task's chroot.")
    var chroot: String?

    @Flag(help: "Build the SRPM of a source task.")
    var srpm = false

    @Flag(help: "Build RPMs (the default).")
    var rpm = false

    @Flag(name: .customLong("drop-resultdir"), help: "Empty the results directory before building.")
    var dropResultdir = false

    @Option(name: [.short, .long], help: "The configuration file (default: $COPR_RPMBUILD_CONFIG, ./main.ini, /etc/copr-rpmbuild/main.ini).")
    var config: String?

    @Option(name: .customLong("build-id"), help: "The Copr build id; the task is fetched from frontend_url.")
    var buildID: String?

    @Option(name: .customLong("task-url"), help: "The absolute URL of the task JSON.")
    var taskURL: String?

    @Option(name: .customLong("task-file"), help: "A file with the task JSON.")
    var taskFile: String?

    func validate() throws {
        let origins = [buildID, taskURL, taskFile].compactMap { $0 }
        guard origins.count == 1 else {
            throw ValidationError("Give exactly one of --build-id, --task-url and --task-file.")
        }
        guard !(srpm && rpm) else { throw ValidationError("--srpm and --rpm exclude each other.") }
    }

    func run() async throws {
        let configuration = try BuilderConfig.load(explicitPath: config, environment: ProcessInfo.processInfo.environment)
        let commandLine = ["copr-rpmbuild"] + Array(CommandLine.arguments.dropFirst())
        if detached {
            try Detacher(config: configuration)
                .launch(buildArguments: commandLine.dropFirst().filter { $0 != "--detached" && $0 != "-d" })
            return
        }
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { StandardOutputLogHandler(label: $0, level: level) }
        let logger = Logger(label: "copr-rpmbuild")
        let origin: TaskOrigin = taskURL.map { .url($0) } ?? taskFile.map { .file($0) } ?? .buildID(buildID ?? "")
        let request = BuildRequest(origin: origin, chroot: chroot, sourceBuild: srpm,
                                   dropResultDir: dropResultdir, commandLine: commandLine)
        let build = Task { try await BuildAgent(context: BuildContext(config: configuration, logger: logger)).run(request) }
        let interrupts = Task { await Self.stopOnInterrupt(build, logger: logger) }
        defer { interrupts.cancel() }
        do {
            try await build.value
        } catch is CancellationError {
            logger.error("Build was canceled")
            throw ExitCode.failure
        } catch {
            logger.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// How the build takes `copr-rpmbuild-cancel`'s SIGINT: the build's programs got it
    /// too and end by themselves, and what they print as they end still goes to the log,
    /// with the failure it causes. Only should the build not have ended three seconds
    /// later (a download, say) is its work cancelled from here.
    private static func stopOnInterrupt(_ build: Task<Void, any Error>, logger: Logger) async {
        for await _ in await UnixSignalsSequence(trapping: .sigint) {
            logger.warning("Interrupted: the build is being canceled")
            try? await Task.sleep(for: .seconds(3))
            build.cancel()
            return
        }
    }
}
