import Synchronization

/// Records, across tasks, that a command's time limit expired, so the caller can report a
/// timeout rather than the signal the program died of.
final class TimeoutFlag: Sendable {
    private let state = Atomic<Bool>(false)

    func raise() { state.store(true, ordering: .sequentiallyConsistent) }

    var isRaised: Bool { state.load(ordering: .sequentiallyConsistent) }
}
