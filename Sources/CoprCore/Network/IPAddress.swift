#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed from the literal forms a URL or
/// a configuration file carries and compared by value. It is what ``AddressPolicy``
/// decides on: a host name is first resolved into these.
///
/// ```swift
/// IPAddress("127.0.0.1")            // IPv4
/// IPAddress("[::ffff:127.0.0.1]")   // IPv6, brackets as in a URL
/// IPAddress("2130706433")           // nil: not a literal; resolve it as a host name
/// ```
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// An address from its bytes; nil unless there are 4 or 16 of them.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A literal address: dotted-quad IPv4, or IPv6 with or without the brackets of a URL
    /// and with or without a zone (`fe80::1%eth0`, the zone ignored). The shorthand IPv4
    /// forms some resolvers accept (`127.1`, `2130706433`) are not literals here: they are
    /// host names, and resolving them yields the address they stand for.
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.first == "[", literal.last == "]" { literal = literal.dropFirst().dropLast() }
        if let zone = literal.firstIndex(of: "%") { literal = literal[..<zone] }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(literal), &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: &v6) { Array($0) }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as the IPv4 address it carries, any
    /// other address as it is. A socket to the mapped form reaches the IPv4 address, so
    /// every rule compares this form.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return self }
        return IPAddress(bytes: Array(bytes[12...]))!
    }

    /// The usual text form (`127.0.0.1`, `::1`).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
