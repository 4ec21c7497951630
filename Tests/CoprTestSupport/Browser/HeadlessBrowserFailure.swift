/// What went wrong with the headless browser or a page in it: it could not start, did not
/// answer in time, refused a command, or a script failed. The text says which, with the
/// end of Chromium's own log when the browser went away.
public struct HeadlessBrowserFailure: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
