/// A range of addresses in CIDR notation (`127.0.0.0/8`, `fe80::/10`); a bare address is
/// the network of that one address. Host bits below the prefix are ignored
/// (`127.0.0.1/8` is `127.0.0.0/8`).
///
/// IPv4-mapped IPv6 networks (`::ffff:127.0.0.0/104`) are kept as the IPv4 network they
/// cover, and ``contains(_:)`` compares the unmapped form of the address, so an IPv4
/// network also covers the mapped spelling of its addresses.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range.
    public let base: IPAddress
    /// How many leading bits every address of the range shares with ``base``.
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let parsed = IPAddress(String(parts[0])) else { return nil }
        let length: Int
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...parsed.bytes.count * 8).contains(value) else { return nil }
            length = value
        } else {
            length = parsed.bytes.count * 8
        }
        let mapped = !parsed.isIPv4 && parsed.unmapped.isIPv4 && length >= 96
        let address = mapped ? parsed.unmapped : parsed
        let bits = mapped ? length - 96 : length
        base = Self.masked(address, bits)
        prefixLength = bits
    }

    /// Whether `address` (or the IPv4 address it maps) lies in this range.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.unmapped
        return candidate.isIPv4 == base.isIPv4 && Self.masked(candidate, prefixLength) == base
    }

    public var description: String { "\(base)/\(prefixLength)" }

    private static func masked(_ address: IPAddress, _ bits: Int) -> IPAddress {
        let bytes = address.bytes.enumerated().map { index, byte -> UInt8 in
            let kept = min(max(bits - index * 8, 0), 8)
            return kept == 8 ? byte : byte & ~(UInt8(0xff) >> kept)
        }
        return IPAddress(bytes: bytes)!
    }
}
