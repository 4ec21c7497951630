import Glibc
import Synchronization

/// Free TCP ports on 127.0.0.1 for servers a test starts that cannot be told "port 0"
/// (the daemon and its frontend started as a process, RabbitMQ's listeners, epmd).
///
/// The ports come from below the kernel's ephemeral range, so that no outgoing
/// connection of the test run (whose local port the kernel picks from that range) can
/// hold one when the server binds it; a counter shared by the whole run hands each port
/// out once, and each is checked free before it is handed out.
public enum LoopbackPorts {
    /// Ports handed out so far, counted from a start that differs between runs.
    private static let next = Atomic<Int>(Int(getpid()) * 61)

    /// `count` ports, each free a moment ago and handed out to no one else in this run.
    /// Also a port to use as "nothing listens here".
    public static func allocate(_ count: Int) throws -> [Int] {
        let range = portRange()
        var ports: [Int] = []
        var tried = 0
        while ports.count < count {
            guard tried < range.count else { throw TestSupportError.unexpected("no free loopback port in \(range)") }
            tried += 1
            let candidate = range.lowerBound + next.add(1, ordering: .relaxed).oldValue % range.count
            if isFree(candidate) { ports.append(candidate) }
        }
        return ports
    }

    /// From 10000 up to where the ephemeral range begins (32768 unless configured).
    private static func portRange() -> Range<Int> {
        let configured = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        let ephemeralStart = configured ?? 32768
        return ephemeralStart > 12000 ? 10000..<ephemeralStart : 1024..<ephemeralStart
    }

    /// Whether a socket without `SO_REUSEADDR` can bind the port now.
    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { _ = close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
