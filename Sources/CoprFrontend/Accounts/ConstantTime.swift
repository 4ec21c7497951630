/// Comparison of secrets whose timing tells nothing of how much of a guess was right:
/// every byte is looked at whatever the first difference, so API tokens and webhook
/// secrets are compared here.
enum ConstantTime {
    /// Whether `left` and `right` hold the same bytes; only their lengths may end it early.
    static func equal(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
