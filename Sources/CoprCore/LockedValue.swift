import Synchronization

/// A lock-protected value that can be shared between tasks.
///
/// `Synchronization.Mutex` is non-copyable; classes that must be `Sendable` and hold
/// mutable state keep one of these.
public final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    public func withLock<T: Sendable>(_ body: (inout Value) throws -> T) rethrows -> T {
        try mutex.withLock { try body(&$0) }
    }

    public var value: Value { mutex.withLock { $0 } }
}
