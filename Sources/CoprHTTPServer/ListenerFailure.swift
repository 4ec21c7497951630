/// A listener that could not serve, most often because its address is taken. It names
/// the listener and the address as configured, so that the operator knows which setting
/// or which other program to look at.
public struct ListenerFailure: Error, CustomStringConvertible {
    /// Whose listener: "the daemon", "the embedded frontend".
    public let owner: String
    /// `host:port` (`[v6]:port`) as configured.
    public let address: String
    /// What the server reported.
    public let reason: any Error

    public init(owner: String, address: String, reason: any Error) {
        self.owner = owner
        self.address = address
        self.reason = reason
    }

    public var description: String { "\(owner) cannot serve on \(address): \(reason)" }
}
