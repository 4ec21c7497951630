/// Thrown when a child process outlived its time limit; its whole process group was
/// stopped (see `SignalEscalation`) before this was thrown.
public struct ProcessTimedOut: Error, CustomStringConvertible {
    /// The command line, quoted.
    public var command: String
    /// The limit it outlived.
    public var timeout: Duration

    public var description: String {
        "\(command) did not finish within \(timeout.seconds) s and was stopped; raise its time limit if it needs longer"
    }
}
