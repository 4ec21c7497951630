import ArgumentParser
import Foundation

/// One binary, several upstream entry points: chosen by the name it was invoked as
/// (symlinks `copr-rpmbuild-log`, `copr-rpmbuild-cancel`, `copr-builder-ready`) or by a
/// subcommand (`copr-rpmbuild log|cancel|builder-ready`); anything else is a build.
let entryPointsByName: [String: any ParsableCommand.Type] = [
    "copr-rpmbuild-log": LogCommand.self,
    "copr-rpmbuild-cancel": CancelCommand.self,
    "copr-builder-ready": BuilderReadyCommand.self,
]
let subcommands: [String: any ParsableCommand.Type] = [
    "log": LogCommand.self,
    "cancel": CancelCommand.self,
    "builder-ready": BuilderReadyCommand.self,
    "loggify": LoggifyCommand.self,
]

/// Parses and runs one command, then exits with its status.
func runCommand(_ type: any ParsableCommand.Type, _ arguments: [String]) async -> Never {
    do {
        var command = try type.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
        exit(0)
    } catch {
        type.exit(withError: error)
    }
}

let arguments = CommandLine.arguments
let invokedAs = ((arguments.first ?? "copr-rpmbuild") as NSString).lastPathComponent
if let command = entryPointsByName[invokedAs] {
    await runCommand(command, Array(arguments.dropFirst()))
} else if arguments.count > 1, let command = subcommands[arguments[1]] {
    await runCommand(command, Array(arguments.dropFirst(2)))
} else {
    await runCommand(BuildCommand.self, Array(arguments.dropFirst()))
}
