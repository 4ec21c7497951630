import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a host name into every address it has, within a time limit. ``AddressPolicy``
/// checks all of them; the caller then connects only to one of these, never resolving the
/// name a second time (a second answer could differ: DNS rebinding).
public protocol HostResolver: Sendable {
    /// Every address of `host` (an address literal is its own answer), or
    /// ``HostRefusal/unresolvable(host:reason:)`` when there is none within `timeout`.
    func addresses(of host: String, timeout: Duration) async throws(HostRefusal) -> [IPAddress]
}

/// The system's resolver (`getaddrinfo`: `/etc/hosts`, then DNS, as configured).
///
/// SwiftNIO's public resolving API gives a single address; a host must be refused when any
/// of its addresses is forbidden, so this asks `getaddrinfo` for all of them. The call
/// blocks and cannot be interrupted: it runs on a Dispatch worker, and the answer is
/// abandoned once the time limit passes.
public struct SystemHostResolver: HostResolver {
    public init() {}

    public func addresses(of host: String, timeout: Duration) async throws(HostRefusal) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        guard !host.isEmpty, host.utf8.count <= 253, !host.contains("\0") else {
            throw .unresolvable(host: host, reason: "it is not a host name")
        }
        let result: Result<[IPAddress], HostRefusal> = await withCheckedContinuation { continuation in
            let pending = LockedValue<CheckedContinuation<Result<[IPAddress], HostRefusal>, Never>?>(continuation)
            let finish: @Sendable (Result<[IPAddress], HostRefusal>) -> Void = { result in
                pending.withLock { slot in
                    defer { slot = nil }
                    return slot
                }?.resume(returning: result)
            }
            DispatchQueue.global().async { finish(Self.lookUp(host)) }
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                finish(.failure(.unresolvable(host: host, reason: "no answer within \(timeout)")))
            }
        }
        return try result.get()
    }

    private static func lookUp(_ host: String) -> Result<[IPAddress], HostRefusal> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.unresolvable(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = Self.address(current.pointee), !addresses.contains(address) { addresses.append(address) }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { return .failure(.unresolvable(host: host, reason: "it has no IP address")) }
        return .success(addresses)
    }

    private static func address(_ info: addrinfo) -> IPAddress? {
        guard let socketAddress = info.ai_addr else { return nil }
        switch info.ai_family {
        case AF_INET:
            let v4 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in.self).sin_addr
            return IPAddress(bytes: withUnsafeBytes(of: v4) { Array($0) })
        case AF_INET6:
            let v6 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in6.self).sin6_addr
            return IPAddress(bytes: withUnsafeBytes(of: v6) { Array($0) })
        default:
            return nil
        }
    }
}
