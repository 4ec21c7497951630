import Foundation
import Synchronization

/// Hands out loopback addresses (127.A.B.n) for test hosts, unique within this process.
///
/// A and B are derived from the process id so that test processes running side by side
/// use different address ranges; n counts up per host. Linux routes all of 127.0.0.0/8
/// to the loopback interface, so no configuration is needed. If an address is taken
/// anyway (a pid collision), host startup moves on to the next one.
enum LoopbackAddressPool {
    private static let next = Mutex(1)
    private static let prefix: String = {
        let key = Int(ProcessInfo.processInfo.processIdentifier) % 30_000
        return "127.\(100 + key / 250).\(key % 250 + 1)"
    }()

    /// Returns an address no other host of this process has been given.
    static func allocate() -> String {
        let n = next.withLock { value in
            defer { value = value % 254 + 1 }
            return value
        }
        return "\(prefix).\(n)"
    }
}
