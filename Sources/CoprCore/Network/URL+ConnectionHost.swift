import Foundation

extension URL {
    /// The host a client connects to, read as AsyncHTTPClient reads it: ``host`` without
    /// the brackets of an IPv6 literal. Nil when the URL has no host.
    public var connectionHost: String? {
        guard let text = host else { return nil }
        var host = Substring(text)
        if host.first == "[", host.last == "]" { host = host.dropFirst().dropLast() }
        return host.isEmpty ? nil : String(host)
    }
}
