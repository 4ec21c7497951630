import NIOCore

/// The addresses of this machine's network interfaces (`getifaddrs`, through SwiftNIO's
/// `System.enumerateDevices`): what a server listening on a wildcard address (`0.0.0.0`,
/// `::`) is reachable at, read anew on each call since interfaces come and go.
public enum InterfaceAddresses {
    /// Every IPv4 and IPv6 address of every interface, loopback included.
    public static func current() throws -> [IPAddress] {
        try System.enumerateDevices().compactMap { device in
            device.address?.ipAddress.flatMap(IPAddress.init)
        }
    }
}
