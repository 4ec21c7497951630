/// What a captured child process printed and how it ended.
public struct ProcessOutput: Sendable {
    public var exit: ProcessExit
    /// Empty for a stream: its output went to the consumer.
    public var standardOutput: String
    /// Empty when standard error was combined with the output or inherited.
    public var standardError: String
    /// True when the child printed more than the capture limit; the rest was discarded.
    public var truncated: Bool
    /// False when either stream was not valid UTF-8 (it was decoded with replacements).
    public var validUTF8: Bool
}
