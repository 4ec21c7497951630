import CoprCore
import Foundation

/// Where a build's lifecycle lives while its worker runs: the worker feeds it events,
/// the dispatcher shows it. Every change is in the journal before the worker acts on it,
/// so a daemon that starts after a crash or a stop finds each build where it was.
public final class BuildRecorder: Sendable {
    private let taskID: String
    private let state: LockedValue<(lifecycle: BuildLifecycle, phaseSince: ContinuousClock.Instant)>
    private let metrics: BackendMetrics?
    private let journal: (any BuildJournal)?

    /// - Parameters:
    ///   - journal: records every change under `taskID`; nil when nobody could take the
    ///     build up after this process.
    ///   - metrics: receives the time spent in every phase.
    public init(taskID: String, lifecycle: BuildLifecycle, journal: (any BuildJournal)? = nil, metrics: BackendMetrics? = nil) {
        self.taskID = taskID
        self.journal = journal
        self.metrics = metrics
        state = LockedValue((lifecycle, ContinuousClock.now))
    }

    /// The build as it is now.
    public var lifecycle: BuildLifecycle { state.value.lifecycle }

    /// A next daemon can take the build up from the journal.
    public var isJournaled: Bool { journal != nil }

    /// Applies `event`, journals the result, and answers what to do next.
    @discardableResult
    public func apply(_ event: BuildLifecycle.Event) async -> BuildLifecycle.Action {
        let now = ContinuousClock.now
        let (action, lifecycle, ended) = state.withLock { state -> (BuildLifecycle.Action, BuildLifecycle, (BuildPhase, Duration)?) in
            let before = state.lifecycle
            let action = state.lifecycle.handle(event)
            var ended: (BuildPhase, Duration)?
            if before.phase != state.lifecycle.phase {
                ended = (before.phase, now - state.phaseSince)
                state.phaseSince = now
            }
            return (action, state.lifecycle, ended)
        }
        if let (phase, duration) = ended { metrics?.phaseEnded(phase, after: duration) }
        await journal?.record(taskID: taskID, lifecycle)
        return action
    }
}
