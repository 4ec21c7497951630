/// Why ``AddressPolicy`` refused a host: one of its addresses is forbidden, or it could
/// not be resolved in time. The description names the host, the address and the rule, so
/// the message alone tells the user what to change.
public enum HostRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host` resolves to `address`, which `rule` forbids (e.g. "in the forbidden network
    /// 127.0.0.0/8").
    case forbidden(host: String, address: IPAddress, rule: String)
    /// `host` has no address, or none was found within the time limit.
    case unresolvable(host: String, reason: String)

    public var description: String {
        switch self {
        case .forbidden(let host, let address, let rule):
            let subject = IPAddress(host) == address ? "the address \(address)" : "the host '\(host)' resolves to \(address), which"
            return "\(subject) is \(rule); sources must come from a public server, not from the build farm itself"
        case .unresolvable(let host, let reason):
            return "the host '\(host)' cannot be resolved: \(reason)"
        }
    }
}
