import CoprCore

/// The action dispatcher's decisions as a pure value: which waiting actions start, in
/// which order, and which results still have to reach the frontend. No I/O, no clocks:
/// the dispatcher feeds it what the frontend listed and answered and what the actions
/// came to, and carries out what it returns.
///
/// The rules:
/// - Lower `priority` first (upstream's inverted priority), then the order the frontend
///   listed the actions in; at most `maxWorkers` run at once (`actions_max_workers`).
/// - An action of a blocked owner (`blocked_owners`) never starts.
/// - Actions touching one project (``ActionPlan/projects``) never run side by side, and
///   run in the order of their ids, whatever their priorities: a delete never runs beside
///   a createrepo of the same directory, nor overtakes it. An action whose record is not
///   read yet holds back the later actions of its owner.
/// - Each result is reported once: an action with a result waits for its report (retried
///   each cycle), and a `pending-actions` answer fetched before a report went through
///   never starts that action again.
///
/// ```swift
/// var queue = ActionQueue(maxWorkers: 10, blockedOwners: [])
/// let mark = queue.fetchBegins()
/// let needed = queue.listed([PendingAction(id: 7, priority: 60, projectOwner: "alice")], fetchedAt: mark)
/// queue.recordRead(7, plan: plan)          // for each of `needed`
/// for start in queue.planStarts() { … }   // then `ended`, `reported`
/// ```
public struct ActionQueue: Sendable {
    /// An action to start now, with what it does.
    public struct Start: Sendable, Equatable {
        public var id: Int
        public var plan: ActionPlan
    }

    private struct Waiting: Sendable {
        var entry: PendingAction
        var sequence: Int
        /// Nil until the record is read.
        var plan: ActionPlan?
    }

    public let maxWorkers: Int
    public let blockedOwners: Set<String>
    private var waiting: [Int: Waiting] = [:]
    private var running: [Int: Set<String>] = [:]
    private var unreported: [Int: ActionResult] = [:]
    /// Reported actions, with the fetch mark current when the report went through.
    private var reportedAt: [Int: Int] = [:]
    private var fetchMark = 0
    private var nextSequence = 0

    public init(maxWorkers: Int, blockedOwners: Set<String>) {
        self.maxWorkers = maxWorkers
        self.blockedOwners = blockedOwners
    }

    /// Actions waiting to start, records read or not.
    public var waitingCount: Int { waiting.count }
    /// Actions running now, by id.
    public var runningIDs: [Int] { running.keys.sorted() }
    /// Results not yet confirmed by the frontend, oldest action first.
    public var pendingReports: [(id: Int, result: ActionResult)] {
        unreported.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A `pending-actions` request is about to be sent; its answer goes to `listed` with
    /// this mark.
    public mutating func fetchBegins() -> Int {
        fetchMark += 1
        return fetchMark
    }

    /// The frontend's list of waiting actions. Returns the ids whose records must be read
    /// (`recordRead`). Waiting actions it no longer lists are dropped; running, unreported
    /// and just reported ones are not queued again.
    public mutating func listed(_ entries: [PendingAction], fetchedAt mark: Int) -> [Int] {
        reportedAt = reportedAt.filter { $0.value >= mark }
        let listedIDs = Set(entries.map(\.id))
        waiting = waiting.filter { listedIDs.contains($0.key) }
        var unread: [Int] = []
        for entry in entries where running[entry.id] == nil && unreported[entry.id] == nil && reportedAt[entry.id] == nil {
            if waiting[entry.id] != nil {
                waiting[entry.id]?.entry = entry
            } else {
                waiting[entry.id] = Waiting(entry: entry, sequence: nextSequence, plan: nil)
                nextSequence += 1
            }
            if waiting[entry.id]?.plan == nil { unread.append(entry.id) }
        }
        return unread
    }

    /// The record of waiting action `id` was read and checked.
    public mutating func recordRead(_ id: Int, plan: ActionPlan) {
        waiting[id]?.plan = plan
    }

    /// The frontend no longer knows action `id`.
    public mutating func recordGone(_ id: Int) {
        waiting[id] = nil
    }

    /// The actions to start now (each is running from here on), by the rules above.
    public mutating func planStarts() -> [Start] {
        var starts: [Start] = []
        let ordered = waiting.values.sorted { ($0.entry.priority, $0.sequence) < ($1.entry.priority, $1.sequence) }
        for candidate in ordered where running.count < maxWorkers {
            guard let plan = candidate.plan, !isBlocked(candidate.entry) else { continue }
            let projects = plan.projects
            guard running.values.allSatisfy({ $0.isDisjoint(with: projects) }), !hasEarlier(candidate, touching: projects) else {
                continue
            }
            waiting[candidate.entry.id] = nil
            running[candidate.entry.id] = projects
            starts.append(Start(id: candidate.entry.id, plan: plan))
        }
        return starts
    }

    /// Action `id`, begun by an earlier daemon and not finished, runs again now.
    public mutating func resumed(_ id: Int, plan: ActionPlan) {
        waiting[id] = nil
        running[id] = plan.projects
    }

    /// Action `id` came to `result`, or an earlier daemon left that result unreported:
    /// it is to be reported.
    public mutating func ended(_ id: Int, result: ActionResult) {
        running[id] = nil
        waiting[id] = nil
        unreported[id] = result
    }

    /// Running action `id` was interrupted by the daemon's shutdown: the next start
    /// runs it again.
    public mutating func interrupted(_ id: Int) {
        running[id] = nil
    }

    /// The frontend confirmed the result of action `id`.
    public mutating func reported(_ id: Int) {
        guard unreported.removeValue(forKey: id) != nil else { return }
        reportedAt[id] = fetchMark
    }

    private func isBlocked(_ entry: PendingAction) -> Bool {
        entry.projectOwner.map { blockedOwners.contains($0) } ?? false
    }

    /// Whether a waiting action of a lower id touches one of `projects` (or, its record
    /// unread, has the same owner).
    private func hasEarlier(_ candidate: Waiting, touching projects: Set<String>) -> Bool {
        guard !projects.isEmpty else { return false }
        return waiting.values.contains { other in
            guard other.entry.id < candidate.entry.id else { return false }
            guard let plan = other.plan else {
                return other.entry.projectOwner != nil && other.entry.projectOwner == candidate.entry.projectOwner
            }
            return !plan.projects.isDisjoint(with: projects)
        }
    }
}
