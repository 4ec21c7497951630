/// A frontend failure worth another attempt under a `FrontendRetryPolicy`: network
/// trouble, 408, 5xx and an API version that is too old over HTTP; an internal error of
/// the embedded frontend in process (what its HTTP routes answer with 500).
public struct RetryableFrontendFailure: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
