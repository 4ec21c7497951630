import Foundation

/// Stops what is left of one process group: sends signals in order, `step` apart, until no
/// live process of the group remains. Used after a timeout (INT, TERM, KILL) and after a
/// program ended, for processes it left running in the background.
struct ProcessGroupStopper: Sendable {
    let groupID: Int32
    let step: Duration

    /// Whether any live (non-zombie) process is still in the group.
    var isAlive: Bool { ProcessTable().entries.contains { $0.processGroup == groupID } }

    /// Sends each signal while the group lives, announcing it first; returns once the group
    /// is empty or the last signal's step has passed.
    func escalate(_ signals: [(signal: Int32, name: String)], announce: (String) -> Void) async {
        for (signal, name) in signals {
            guard isAlive else { return }
            announce(name)
            kill(-groupID, signal)
            guard await waitForExit() else { return }
        }
    }

    /// Whether the group still has live processes after `grace` (a program that closed its
    /// output is given the time to actually exit).
    func outlives(grace: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while isAlive {
            guard clock.now < deadline else { return true }
            guard (try? await Task.sleep(for: .milliseconds(50))) != nil else { return isAlive }
        }
        return false
    }

    /// Polls up to `step` for the group to empty; false when the task was cancelled.
    private func waitForExit() async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + step
        while clock.now < deadline, isAlive {
            guard (try? await Task.sleep(for: .milliseconds(100))) != nil else { return false }
        }
        return true
    }
}
