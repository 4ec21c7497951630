/// Thrown when a program cannot be started at all (missing binary, bad working directory,
/// no pipe or file for its output), so that callers can tell "the program is missing"
/// from "the program failed". The reason says what to check.
public struct ProcessSpawnFailed: Error, CustomStringConvertible {
    /// The command line, quoted.
    public var command: String
    /// What went wrong, and what to check.
    public var reason: String

    public var description: String { "cannot start \(command): \(reason)" }
}
