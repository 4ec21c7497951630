/// An IPv4 network as address and prefix length, to tell whether two networks overlap
/// (``NetworkNamespace`` picks a subnet nothing on the host uses).
struct IPv4Prefix: Sendable, CustomStringConvertible {
    let base: UInt32
    let length: Int

    init(base: UInt32, length: Int) {
        self.length = length
        self.base = base & Self.mask(length)
    }

    init?(_ address: String, length: Int) {
        let octets = address.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }), (0...32).contains(length) else { return nil }
        self.init(base: octets.reduce(0) { $0 << 8 | $1 }, length: length)
    }

    /// The `host`th address of the network, as text.
    func address(_ host: UInt32) -> String {
        let value = base + host
        return [24, 16, 8, 0].map { String(value >> $0 & 0xFF) }.joined(separator: ".")
    }

    /// Whether the two networks share an address: each is inside the shorter prefix of the other.
    func overlaps(_ other: IPv4Prefix) -> Bool {
        let shorter = min(length, other.length)
        return base & Self.mask(shorter) == other.base & Self.mask(shorter)
    }

    var description: String { "\(address(0))/\(length)" }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << (32 - length)
    }
}
