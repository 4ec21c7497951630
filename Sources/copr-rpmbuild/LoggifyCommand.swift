import ArgumentParser
import CoprRPMBuild

/// The hidden log filter of detached runs: standard input → filtered lines appended to the log.
struct LoggifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loggify", abstract: "Filter build output into the log file (internal).",
        shouldDisplay: false)

    @Option(help: "The log file to append to.")
    var logfile: String

    func run() throws {
        try LogFilterLoop.run(logFile: logfile)
    }
}
