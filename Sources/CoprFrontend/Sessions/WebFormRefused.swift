import Hummingbird

/// A form of the web interface that is refused, with what the user should do; the page
/// that shows it answers with `status`.
public struct WebFormRefused: Error, Equatable {
    public let status: HTTPResponse.Status
    public let message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}
