import CoprCore

/// A resolver for tests that submit URLs nobody fetches: the fake names they use
/// (`example.org` and below it, `*.test`) resolve to a documentation address that no
/// test ever contacts, without a DNS query; any other name (`localhost`) goes to the
/// system's resolver, which answers it from `/etc/hosts`.
struct TestHostResolver: HostResolver {
    /// 192.0.2.1, from the range reserved for documentation (TEST-NET-1).
    static let documentationAddress = IPAddress("192.0.2.1")!

    func addresses(of host: String, timeout: Duration) async throws(HostRefusal) -> [IPAddress] {
        let name = host.lowercased()
        if name == "example.org" || name.hasSuffix(".example.org") || name.hasSuffix(".test") {
            return [Self.documentationAddress]
        }
        return try await SystemHostResolver().addresses(of: host, timeout: timeout)
    }
}
